/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** submitter: nộp báo cáo; reviewer: duyệt/trả lại; viewer: xem tổng hợp; exporter: tải biểu tổng hợp; administrator: quản trị */
export type Role =
  | 'administrator'
  | 'exporter'
  | 'reviewer'
  | 'submitter'
  | 'viewer';

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { username: string, displayName: string, grants: Array<{ role: Role, unitCode: string, unitName: string }> } | null };

export type StartSessionMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type StartSessionMutation = { startSession:
    | { __typename: 'DomainError', message: string, code: string }
    | { __typename: 'LoginThrottledError', message: string, retryAfterSeconds: number, code: string }
    | { __typename: 'MutationStartSessionSuccess', data: { expiresAt: string } }
   };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type ChangePasswordMutationVariables = Exact<{
  current: string;
  next: string;
}>;


export type ChangePasswordMutation = { changePassword:
    | { __typename: 'DomainError', message: string, code: string }
    | { __typename: 'MutationChangePasswordSuccess' }
   };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    username
    displayName
    grants {
      role
      unitCode
      unitName
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const StartSessionDocument = new TypedDocumentString(`
    mutation StartSession($username: String!, $password: String!) {
  startSession(username: $username, password: $password) {
    __typename
    ... on MutationStartSessionSuccess {
      data {
        expiresAt
      }
    }
    ... on LoginThrottledError {
      message
      retryAfterSeconds
    }
    ... on Error {
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<StartSessionMutation, StartSessionMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($current: String!, $next: String!) {
  changePassword(current: $current, next: $next) {
    __typename
    ... on Error {
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;