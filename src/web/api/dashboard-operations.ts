import { graphql } from '../gql'

// The city's dashboard (/tong-hop): every figure it shows comes from these operations, the same rollup, completeness
// and series the API gives anyone else.

export const DashboardFormsQuery = graphql(`
  query DashboardForms {
    forms(first: 50) {
      edges {
        node {
          code
          title
          periodTypes
          sections {
            code
            title
            indicators {
              code
              label
              unitOfMeasure
              valueType
              choices
            }
          }
        }
      }
    }
  }
`)

export const DashboardUnitQuery = graphql(`
  query DashboardUnit($code: String!) {
    unit(code: $code) {
      code
      name
      ancestors {
        code
        name
      }
      children(first: 200) {
        edges {
          node {
            code
            name
          }
        }
      }
    }
  }
`)

export const DashboardUnitSearchQuery = graphql(`
  query DashboardUnitSearch($search: String!) {
    units(search: $search, first: 20) {
      edges {
        node {
          code
          name
          parent {
            name
          }
        }
      }
    }
  }
`)

export const DashboardRollupQuery = graphql(`
  query DashboardRollup($unit: String!, $form: String!, $period: String!, $view: RollupView) {
    rollup(unit: $unit, form: $form, period: $period, view: $view) {
      __typename
      ... on Error {
        code
        message
      }
      ... on QueryRollupSuccess {
        data {
          period {
            id
            label
            year
            type
            end
          }
          unit {
            code
            name
          }
          summary {
            estimated
            reportingUnits
            hasConsolidatedReturn
            childrenMeetingTargets
            childrenWithTargets
            indicators {
              code
              label
              valueType
              aggregation
              value
              numerator
              denominator
              reportingUnits
              discrepancy
              status
              target {
                comparator
                value
                year
              }
              options {
                option
                count
              }
              textCount
            }
          }
          children {
            unit {
              code
              name
            }
            estimated
            reportingUnits
            indicators {
              code
              value
              numerator
              denominator
              status
              target {
                comparator
                value
              }
            }
          }
        }
      }
    }
  }
`)

export const DashboardCompletenessQuery = graphql(`
  query DashboardCompleteness($unit: String!, $form: String!, $period: String!) {
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
          lateUnits(first: 200) {
            lateDays
            submittedAt
            unit {
              code
              name
            }
          }
          missingUnits(first: 200) {
            unit {
              code
              name
            }
          }
          children {
            unit {
              code
              name
            }
            expected
            received
            onTime
            late
            missing
          }
        }
      }
    }
  }
`)

export const DashboardTextsQuery = graphql(`
  query DashboardTexts($unit: String!, $form: String!, $period: String!, $codes: [String!]!, $search: String, $first: Int!, $offset: Int!) {
    rollup(unit: $unit, form: $form, period: $period) {
      __typename
      ... on Error {
        code
        message
      }
      ... on QueryRollupSuccess {
        data {
          summary {
            indicators(codes: $codes) {
              code
              label
              textCount(search: $search)
              texts(first: $first, offset: $offset, search: $search) {
                unitCode
                unitName
                text
              }
            }
          }
        }
      }
    }
  }
`)

export const DashboardSeriesQuery = graphql(`
  query DashboardSeries($unit: String!, $form: String!, $indicator: String!, $periods: [String!]!, $view: RollupView) {
    series(unit: $unit, form: $form, indicator: $indicator, periods: $periods, view: $view) {
      __typename
      ... on Error {
        code
        message
      }
      ... on QuerySeriesSuccess {
        data {
          period {
            id
            label
          }
          value
          yearToDate
          samePeriodLastYear
          change
          changeUnit
          estimated
          comparisonEstimated
        }
      }
    }
  }
`)
