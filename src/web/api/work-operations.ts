import { graphql } from '../gql'

export const WorkListQuery = graphql(`
  query WorkList {
    workList {
      unitCode
      unitName
      formCode
      formTitle
      periodId
      periodLabel
      deadline
      daysLeft
      status
      document {
        symbol
        title
      }
      return {
        id
        status
        currentRevision
        returnedReason
        lateDays
        viewerCan {
          upload
          submit
        }
      }
    }
  }
`)

export const RequestTemplateMutation = graphql(`
  mutation RequestTemplate($form: String!, $unit: String!, $period: String!, $layout: TemplateLayout!) {
    requestTemplate(form: $form, unit: $unit, period: $period, layout: $layout) {
      __typename
      ... on MutationRequestTemplateSuccess {
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

export const SubmitReturnMutation = graphql(`
  mutation SubmitReturn($id: Int!) {
    submitReturn(id: $id) {
      __typename
      ... on MutationSubmitReturnSuccess {
        data {
          id
          status
          lateDays
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`)

export const FormIndicatorsQuery = graphql(`
  query FormIndicators($code: String!) {
    form(code: $code) {
      code
      title
      indicators {
        code
        label
        unitOfMeasure
        valueType
        numerator
        denominator
      }
    }
  }
`)

export const UploadReturnMutation = graphql(`
  mutation UploadReturn($file: File!, $dryRun: Boolean, $unit: String, $form: String, $period: String) {
    uploadReturn(file: $file, dryRun: $dryRun, unit: $unit, form: $form, period: $period) {
      __typename
      ... on MutationUploadReturnSuccess {
        data {
          outcome
          message
          fileName
          formCode
          periodId
          layout
          findings {
            severity
            code
            message
            place
          }
          returns {
            unitCode
            unitName
            returnId
            revision
            status
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
            ratios {
              indicator
              number
              place
            }
          }
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`)
