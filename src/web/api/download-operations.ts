import { graphql } from '../gql'

export const DownloadFormsQuery = graphql(`
  query DownloadForms {
    forms(first: 50) {
      edges {
        node {
          code
          title
        }
      }
    }
  }
`)

export const ParsePeriodLabelQuery = graphql(`
  query ParsePeriodLabel($label: String!) {
    parsePeriodLabel(label: $label) {
      __typename
      ... on QueryParsePeriodLabelSuccess {
        data {
          id
          label
        }
      }
      ... on PeriodError {
        message
      }
    }
  }
`)

export const RequestExportMutation = graphql(`
  mutation RequestExport($form: String!, $unit: String!, $period: String!, $signerTitle: String, $signerName: String, $date: Date) {
    requestExport(form: $form, unit: $unit, period: $period, signerTitle: $signerTitle, signerName: $signerName, date: $date) {
      __typename
      ... on MutationRequestExportSuccess {
        data {
          url
          fileName
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`)

export const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($displayName: String, $signerTitle: String) {
    updateProfile(displayName: $displayName, signerTitle: $signerTitle) {
      __typename
      ... on MutationUpdateProfileSuccess {
        data {
          displayName
          signerTitle
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`)
