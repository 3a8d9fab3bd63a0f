import { graphql } from '../gql'

export const CompletenessQuery = graphql(`
  query Completeness($unit: String!, $form: String!, $period: String!) {
    completeness(unit: $unit, form: $form, period: $period) {
      __typename
      ... on Error {
        code
        message
      }
      ... on QueryCompletenessSuccess {
        data {
          expected
          received
          onTime
          late
          missing
          unit {
            code
            name
          }
          lateUnits {
            lateDays
            submittedAt
            unit {
              code
              name
            }
          }
          missingUnits {
            unit {
              code
              name
            }
          }
        }
      }
    }
  }
`)
