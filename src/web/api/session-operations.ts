import { graphql } from '../gql'

export const MeQuery = graphql(`
  query Me {
    me {
      username
      displayName
      signerTitle
      grants {
        role
        unitCode
        unitName
      }
    }
  }
`)

export const StartSessionMutation = graphql(`
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
`)

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`)

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($current: String!, $next: String!) {
    changePassword(current: $current, next: $next) {
      __typename
      ... on Error {
        message
        code
      }
    }
  }
`)
