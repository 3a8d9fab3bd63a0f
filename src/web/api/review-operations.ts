import { graphql } from '../gql'

export const ReviewListQuery = graphql(`
  query ReviewList($form: String, $period: String, $status: [String!]) {
    returns(form: $form, period: $period, status: $status, first: 100) {
      edges {
        node {
          id
          formCode
          status
          submittedAt
          lateDays
          currentRevision
          returnedReason
          viewerCan {
            approve
          }
          unit {
            code
            name
          }
          period {
            id
            label
          }
        }
      }
    }
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

export const ReturnDetailQuery = graphql(`
  query ReturnDetail($id: Int!) {
    return(id: $id) {
      id
      formCode
      scope
      status
      currentRevision
      returnedReason
      lateDays
      submittedAt
      approvedAt
      approvedBy
      viewerCan {
        upload
        submit
        approve
        sendBack
        reopen
      }
      unit {
        code
        name
      }
      period {
        id
        label
      }
      document {
        symbol
        title
      }
      values {
        indicator
        number
        text
        place
      }
      revisions {
        number
        createdAt
        createdBy
        fileName
        values {
          indicator
          number
          text
          place
        }
      }
    }
  }
`)

export const ValueHistoryQuery = graphql(`
  query ValueHistory($unit: String!, $form: String!, $period: String!, $indicator: String!, $scope: ReturnScope) {
    valueHistory(unit: $unit, form: $form, period: $period, indicator: $indicator, scope: $scope) {
      revision
      at
      by
      fileName
      number
      text
      place
    }
  }
`)

export const ApproveReturnMutation = graphql(`
  mutation ApproveReturn($id: Int!) {
    approveReturn(id: $id) {
      __typename
      ... on MutationApproveReturnSuccess {
        data {
          id
          status
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`)

export const SendBackReturnMutation = graphql(`
  mutation SendBackReturn($id: Int!, $reason: String!) {
    sendBackReturn(id: $id, reason: $reason) {
      __typename
      ... on MutationSendBackReturnSuccess {
        data {
          id
          status
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`)

export const ReopenReturnMutation = graphql(`
  mutation ReopenReturn($id: Int!, $reason: String) {
    reopenReturn(id: $id, reason: $reason) {
      __typename
      ... on MutationReopenReturnSuccess {
        data {
          id
          status
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`)

export const RequestOriginalFileMutation = graphql(`
  mutation RequestOriginalFile($return: Int!, $revision: Int!) {
    requestOriginalFile(return: $return, revision: $revision) {
      __typename
      ... on MutationRequestOriginalFileSuccess {
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

/** A consolidated return beside its own + children figures: the rollup's discrepancy (domain.md §5.5), or, while the
 * return is not counted yet (a draft), own + children to set its figures against. */
export const ReturnDiscrepancyQuery = graphql(`
  query ReturnDiscrepancy($unit: String!, $form: String!, $period: String!) {
    rollup(unit: $unit, form: $form, period: $period) {
      ... on QueryRollupSuccess {
        data {
          summary {
            hasConsolidatedReturn
            indicators {
              code
              aggregation
              value
              discrepancy
            }
          }
        }
      }
    }
  }
`)
