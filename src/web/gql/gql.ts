/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      username\n      displayName\n      grants {\n        role\n        unitCode\n        unitName\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation StartSession($username: String!, $password: String!) {\n    startSession(username: $username, password: $password) {\n      __typename\n      ... on MutationStartSessionSuccess {\n        data {\n          expiresAt\n        }\n      }\n      ... on LoginThrottledError {\n        message\n        retryAfterSeconds\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": typeof types.StartSessionDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(current: $current, next: $next) {\n      __typename\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": typeof types.ChangePasswordDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      username\n      displayName\n      grants {\n        role\n        unitCode\n        unitName\n      }\n    }\n  }\n": types.MeDocument,
    "\n  mutation StartSession($username: String!, $password: String!) {\n    startSession(username: $username, password: $password) {\n      __typename\n      ... on MutationStartSessionSuccess {\n        data {\n          expiresAt\n        }\n      }\n      ... on LoginThrottledError {\n        message\n        retryAfterSeconds\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": types.StartSessionDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(current: $current, next: $next) {\n      __typename\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": types.ChangePasswordDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      username\n      displayName\n      grants {\n        role\n        unitCode\n        unitName\n      }\n    }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartSession($username: String!, $password: String!) {\n    startSession(username: $username, password: $password) {\n      __typename\n      ... on MutationStartSessionSuccess {\n        data {\n          expiresAt\n        }\n      }\n      ... on LoginThrottledError {\n        message\n        retryAfterSeconds\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').StartSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(current: $current, next: $next) {\n      __typename\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').ChangePasswordDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
