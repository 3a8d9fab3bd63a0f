/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type PeriodType =
  | 'adhoc'
  | 'half'
  | 'month'
  | 'nine_months'
  | 'quarter'
  | 'year';

/** own: số liệu của riêng đơn vị; consolidated: số liệu tổng hợp cả các đơn vị trực thuộc */
export type ReturnScope =
  | 'consolidated'
  | 'own';

/** submitter: nộp báo cáo; reviewer: duyệt/trả lại; viewer: xem tổng hợp; exporter: tải biểu tổng hợp; administrator: quản trị */
export type Role =
  | 'administrator'
  | 'exporter'
  | 'reviewer'
  | 'submitter'
  | 'viewer';

/** Điều gì đã thay đổi: lưu, nộp, duyệt, trả lại, mở lại báo cáo; thay đổi cây đơn vị; RESYNC: kênh bị gián đoạn, hãy tải lại số liệu */
export type RollupChangeKind =
  | 'APPROVED'
  | 'REOPENED'
  | 'RESYNC'
  | 'RETURNED'
  | 'SAVED'
  | 'SUBMITTED'
  | 'TREE';

export type RollupTargetStatus =
  | 'MET'
  | 'NOT_MET'
  | 'NO_DATA';

/** Xem một kỳ đã qua: theo cây tổ chức của kỳ đó (như đã báo cáo) hoặc quy đổi về cây hiện nay qua quan hệ kế thừa */
export type RollupView =
  /** Như đã báo cáo (cây tổ chức của kỳ) */
  | 'AS_REPORTED'
  /** Quy đổi về cây tổ chức hiện nay (hợp nhất: cộng; chia tách: ước tính theo tỷ lệ) */
  | 'RESTATED';

/** Mức độ của một phát hiện hay quy tắc */
export type Severity =
  /** Lỗi: chặn việc ghi nhận */
  | 'error'
  /** Cảnh báo: vẫn ghi nhận */
  | 'warning';

/** FORM: một đơn vị, mỗi dòng một chỉ tiêu; TABLE: mỗi dòng một đơn vị trực thuộc phải báo cáo biểu trong kỳ, mỗi cột một chỉ tiêu */
export type TemplateLayout =
  | 'FORM'
  | 'TABLE';

/** Cách tổng hợp qua các đơn vị */
export type UnitAggregation =
  /** Đếm số đơn vị theo từng lựa chọn */
  | 'count_by_option'
  /** Đếm số đơn vị trả lời "có" (k/n) */
  | 'count_true'
  /** Liệt kê theo đơn vị */
  | 'list'
  /** Không tổng hợp */
  | 'none'
  /** Tính lại từ tổng tử số và tổng mẫu số (không lấy trung bình) */
  | 'ratio'
  /** Cộng qua các đơn vị */
  | 'sum'
  /** Trung bình có trọng số */
  | 'weighted_avg';

/** Kiểu giá trị của chỉ tiêu */
export type ValueType =
  /** Có/không */
  | 'boolean'
  /** Chọn một trong danh sách */
  | 'choice'
  /** Ngày */
  | 'date'
  /** Số thập phân */
  | 'decimal'
  /** Số nguyên (số lượng) */
  | 'integer'
  /** Tỷ lệ, tính lại từ tử số và mẫu số */
  | 'ratio'
  /** Văn bản */
  | 'text';

export type CompletenessQueryVariables = Exact<{
  unit: string;
  form: string;
  period: string;
}>;


export type CompletenessQuery = { completeness:
    | { __typename: 'DomainError', code: string, message: string }
    | { __typename: 'QueryCompletenessSuccess', data: { expected: number, received: number, onTime: number, late: number, missing: number, unit: { code: string, name: string }, lateUnits: Array<{ lateDays: number | null, submittedAt: string | null, unit: { code: string, name: string } }>, missingUnits: Array<{ unit: { code: string, name: string } }> } }
   };

export type DashboardFormsQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardFormsQuery = { forms: { edges: Array<{ node: { code: string, title: string, periodTypes: Array<string>, sections: Array<{ code: string, title: string, indicators: Array<{ code: string, label: string, unitOfMeasure: string | null, valueType: ValueType, choices: Array<string> }> }> } }> } };

export type DashboardUnitQueryVariables = Exact<{
  code: string;
}>;


export type DashboardUnitQuery = { unit: { code: string, name: string, ancestors: Array<{ code: string, name: string }>, children: { edges: Array<{ node: { code: string, name: string } }> } } | null };

export type DashboardUnitSearchQueryVariables = Exact<{
  search: string;
}>;


export type DashboardUnitSearchQuery = { units: { edges: Array<{ node: { code: string, name: string, parent: { name: string } | null } }> } };

export type DashboardRollupQueryVariables = Exact<{
  unit: string;
  form: string;
  period: string;
  view?: RollupView | null | undefined;
}>;


export type DashboardRollupQuery = { rollup:
    | { __typename: 'DomainError', code: string, message: string }
    | { __typename: 'QueryRollupSuccess', data: { period: { id: string, label: string, year: number, type: PeriodType, end: string }, unit: { code: string, name: string }, summary: { estimated: boolean, reportingUnits: number, hasConsolidatedReturn: boolean, childrenMeetingTargets: number, childrenWithTargets: number, indicators: Array<{ code: string, label: string, valueType: ValueType, aggregation: UnitAggregation, value: number | null, numerator: number | null, denominator: number | null, reportingUnits: number, discrepancy: number | null, status: RollupTargetStatus, textCount: number, target: { comparator: string, value: number, year: number } | null, options: Array<{ option: string, count: number }> }> }, children: Array<{ estimated: boolean, reportingUnits: number, unit: { code: string, name: string }, indicators: Array<{ code: string, value: number | null, numerator: number | null, denominator: number | null, status: RollupTargetStatus, target: { comparator: string, value: number } | null }> }> } }
   };

export type DashboardCompletenessQueryVariables = Exact<{
  unit: string;
  form: string;
  period: string;
}>;


export type DashboardCompletenessQuery = { completeness:
    | { __typename: 'DomainError', code: string, message: string }
    | { __typename: 'QueryCompletenessSuccess', data: { expected: number, received: number, onTime: number, late: number, missing: number, lateUnits: Array<{ lateDays: number | null, submittedAt: string | null, unit: { code: string, name: string } }>, missingUnits: Array<{ unit: { code: string, name: string } }>, children: Array<{ expected: number, received: number, onTime: number, late: number, missing: number, unit: { code: string, name: string } }> } }
   };

export type DashboardTextsQueryVariables = Exact<{
  unit: string;
  form: string;
  period: string;
  codes: Array<string> | string;
  search?: string | null | undefined;
  first: number;
  offset: number;
}>;


export type DashboardTextsQuery = { rollup:
    | { __typename: 'DomainError', code: string, message: string }
    | { __typename: 'QueryRollupSuccess', data: { summary: { indicators: Array<{ code: string, label: string, textCount: number, texts: Array<{ unitCode: string, unitName: string, text: string }> }> } } }
   };

export type DashboardSeriesQueryVariables = Exact<{
  unit: string;
  form: string;
  indicator: string;
  periods: Array<string> | string;
  view?: RollupView | null | undefined;
}>;


export type DashboardSeriesQuery = { series:
    | { __typename: 'DomainError', code: string, message: string }
    | { __typename: 'QuerySeriesSuccess', data: Array<{ value: number | null, yearToDate: number | null, samePeriodLastYear: number | null, change: number | null, changeUnit: string | null, estimated: boolean, comparisonEstimated: boolean, period: { id: string, label: string } }> }
   };

export type DownloadFormsQueryVariables = Exact<{ [key: string]: never; }>;


export type DownloadFormsQuery = { forms: { edges: Array<{ node: { code: string, title: string } }> } };

export type ParsePeriodLabelQueryVariables = Exact<{
  label: string;
}>;


export type ParsePeriodLabelQuery = { parsePeriodLabel:
    | { __typename: 'PeriodError', message: string }
    | { __typename: 'QueryParsePeriodLabelSuccess', data: { id: string, label: string } }
   };

export type RequestExportMutationVariables = Exact<{
  form: string;
  unit: string;
  period: string;
  signerTitle?: string | null | undefined;
  signerName?: string | null | undefined;
  date?: string | null | undefined;
}>;


export type RequestExportMutation = { requestExport:
    | { __typename: 'DomainError', message: string, code: string }
    | { __typename: 'MutationRequestExportSuccess', data: { url: string, fileName: string } }
    | { __typename: 'PeriodError', message: string, code: string }
   };

export type UpdateProfileMutationVariables = Exact<{
  displayName?: string | null | undefined;
  signerTitle?: string | null | undefined;
}>;


export type UpdateProfileMutation = { updateProfile:
    | { __typename: 'DomainError', message: string, code: string }
    | { __typename: 'MutationUpdateProfileSuccess', data: { displayName: string, signerTitle: string | null } }
   };

export type LiveRollupChangedSubscriptionVariables = Exact<{
  unit: string;
  form: string;
  period: string;
}>;


export type LiveRollupChangedSubscription = { rollupChanged: { kind: RollupChangeKind, at: string } };

export type ReviewListQueryVariables = Exact<{
  form?: string | null | undefined;
  period?: string | null | undefined;
  status?: Array<string> | string | null | undefined;
}>;


export type ReviewListQuery = { returns: { edges: Array<{ node: { id: number, formCode: string, status: string, submittedAt: string | null, lateDays: number | null, currentRevision: number, returnedReason: string | null, viewerCan: { approve: boolean }, unit: { code: string, name: string } | null, period: { id: string, label: string } } }> }, forms: { edges: Array<{ node: { code: string, title: string } }> } };

export type ReturnDetailQueryVariables = Exact<{
  id: number;
}>;


export type ReturnDetailQuery = { return: { id: number, formCode: string, scope: string, status: string, currentRevision: number, returnedReason: string | null, lateDays: number | null, submittedAt: string | null, approvedAt: string | null, approvedBy: string | null, viewerCan: { upload: boolean, submit: boolean, approve: boolean, sendBack: boolean, reopen: boolean }, unit: { code: string, name: string } | null, period: { id: string, label: string }, document: { symbol: string, title: string } | null, values: Array<{ indicator: string, number: number | null, text: string | null, place: string | null }>, revisions: Array<{ number: number, createdAt: string, createdBy: string | null, fileName: string | null, values: Array<{ indicator: string, number: number | null, text: string | null, place: string | null }> }> } | null };

export type ValueHistoryQueryVariables = Exact<{
  unit: string;
  form: string;
  period: string;
  indicator: string;
  scope?: ReturnScope | null | undefined;
}>;


export type ValueHistoryQuery = { valueHistory: Array<{ revision: number, at: string, by: string | null, fileName: string | null, number: number | null, text: string | null, place: string | null }> };

export type ApproveReturnMutationVariables = Exact<{
  id: number;
}>;


export type ApproveReturnMutation = { approveReturn:
    | { __typename: 'DomainError', message: string, code: string }
    | { __typename: 'MutationApproveReturnSuccess', data: { id: number, status: string } }
   };

export type SendBackReturnMutationVariables = Exact<{
  id: number;
  reason: string;
}>;


export type SendBackReturnMutation = { sendBackReturn:
    | { __typename: 'DomainError', message: string, code: string }
    | { __typename: 'MutationSendBackReturnSuccess', data: { id: number, status: string } }
   };

export type ReopenReturnMutationVariables = Exact<{
  id: number;
  reason?: string | null | undefined;
}>;


export type ReopenReturnMutation = { reopenReturn:
    | { __typename: 'DomainError', message: string, code: string }
    | { __typename: 'MutationReopenReturnSuccess', data: { id: number, status: string } }
   };

export type RequestOriginalFileMutationVariables = Exact<{
  return: number;
  revision: number;
}>;


export type RequestOriginalFileMutation = { requestOriginalFile:
    | { __typename: 'DomainError', message: string, code: string }
    | { __typename: 'MutationRequestOriginalFileSuccess', data: { url: string, fileName: string } }
   };

export type ReturnDiscrepancyQueryVariables = Exact<{
  unit: string;
  form: string;
  period: string;
}>;


export type ReturnDiscrepancyQuery = { rollup:
    | { data: { summary: { hasConsolidatedReturn: boolean, indicators: Array<{ code: string, aggregation: UnitAggregation, value: number | null, discrepancy: number | null }> } } }
    | Record<PropertyKey, never>
   };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { username: string, displayName: string, signerTitle: string | null, grants: Array<{ role: Role, unitCode: string, unitName: string }> } | null };

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

export type WorkListQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkListQuery = { workList: Array<{ unitCode: string, unitName: string, formCode: string, formTitle: string, periodId: string, periodLabel: string, deadline: string, daysLeft: number, status: string, document: { symbol: string, title: string } | null, return: { id: number, status: string, currentRevision: number, returnedReason: string | null, lateDays: number | null, viewerCan: { upload: boolean, submit: boolean } } | null }> };

export type RequestTemplateMutationVariables = Exact<{
  form: string;
  unit: string;
  period: string;
  layout: TemplateLayout;
}>;


export type RequestTemplateMutation = { requestTemplate:
    | { __typename: 'DomainError', message: string, code: string }
    | { __typename: 'MutationRequestTemplateSuccess', data: { url: string, fileName: string } }
    | { __typename: 'PeriodError', message: string, code: string }
   };

export type SubmitReturnMutationVariables = Exact<{
  id: number;
}>;


export type SubmitReturnMutation = { submitReturn:
    | { __typename: 'DomainError', message: string, code: string }
    | { __typename: 'MutationSubmitReturnSuccess', data: { id: number, status: string, lateDays: number | null } }
   };

export type FormIndicatorsQueryVariables = Exact<{
  code: string;
}>;


export type FormIndicatorsQuery = { form: { code: string, title: string, indicators: Array<{ code: string, label: string, unitOfMeasure: string | null, valueType: ValueType, numerator: string | null, denominator: string | null }> } | null };

export type UploadReturnMutationVariables = Exact<{
  file: File;
  dryRun?: boolean | null | undefined;
  unit?: string | null | undefined;
  form?: string | null | undefined;
  period?: string | null | undefined;
}>;


export type UploadReturnMutation = { uploadReturn:
    | { __typename: 'DomainError', message: string, code: string }
    | { __typename: 'MutationUploadReturnSuccess', data: { outcome: string, message: string, fileName: string, formCode: string | null, periodId: string | null, layout: string | null, findings: Array<{ severity: Severity, code: string, message: string, place: string | null }>, returns: Array<{ unitCode: string, unitName: string, returnId: number | null, revision: number | null, status: string, document: { symbol: string, title: string } | null, values: Array<{ indicator: string, number: number | null, text: string | null, place: string }>, ratios: Array<{ indicator: string, number: number | null, place: string }> }> } }
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

export const CompletenessDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<CompletenessQuery, CompletenessQueryVariables>;
export const DashboardFormsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<DashboardFormsQuery, DashboardFormsQueryVariables>;
export const DashboardUnitDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<DashboardUnitQuery, DashboardUnitQueryVariables>;
export const DashboardUnitSearchDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<DashboardUnitSearchQuery, DashboardUnitSearchQueryVariables>;
export const DashboardRollupDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<DashboardRollupQuery, DashboardRollupQueryVariables>;
export const DashboardCompletenessDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<DashboardCompletenessQuery, DashboardCompletenessQueryVariables>;
export const DashboardTextsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<DashboardTextsQuery, DashboardTextsQueryVariables>;
export const DashboardSeriesDocument = new TypedDocumentString(`
    query DashboardSeries($unit: String!, $form: String!, $indicator: String!, $periods: [String!]!, $view: RollupView) {
  series(
    unit: $unit
    form: $form
    indicator: $indicator
    periods: $periods
    view: $view
  ) {
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
    `) as unknown as TypedDocumentString<DashboardSeriesQuery, DashboardSeriesQueryVariables>;
export const DownloadFormsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<DownloadFormsQuery, DownloadFormsQueryVariables>;
export const ParsePeriodLabelDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<ParsePeriodLabelQuery, ParsePeriodLabelQueryVariables>;
export const RequestExportDocument = new TypedDocumentString(`
    mutation RequestExport($form: String!, $unit: String!, $period: String!, $signerTitle: String, $signerName: String, $date: Date) {
  requestExport(
    form: $form
    unit: $unit
    period: $period
    signerTitle: $signerTitle
    signerName: $signerName
    date: $date
  ) {
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
    `) as unknown as TypedDocumentString<RequestExportMutation, RequestExportMutationVariables>;
export const UpdateProfileDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<UpdateProfileMutation, UpdateProfileMutationVariables>;
export const LiveRollupChangedDocument = new TypedDocumentString(`
    subscription LiveRollupChanged($unit: String!, $form: String!, $period: String!) {
  rollupChanged(unit: $unit, form: $form, period: $period) {
    kind
    at
  }
}
    `) as unknown as TypedDocumentString<LiveRollupChangedSubscription, LiveRollupChangedSubscriptionVariables>;
export const ReviewListDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<ReviewListQuery, ReviewListQueryVariables>;
export const ReturnDetailDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<ReturnDetailQuery, ReturnDetailQueryVariables>;
export const ValueHistoryDocument = new TypedDocumentString(`
    query ValueHistory($unit: String!, $form: String!, $period: String!, $indicator: String!, $scope: ReturnScope) {
  valueHistory(
    unit: $unit
    form: $form
    period: $period
    indicator: $indicator
    scope: $scope
  ) {
    revision
    at
    by
    fileName
    number
    text
    place
  }
}
    `) as unknown as TypedDocumentString<ValueHistoryQuery, ValueHistoryQueryVariables>;
export const ApproveReturnDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<ApproveReturnMutation, ApproveReturnMutationVariables>;
export const SendBackReturnDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<SendBackReturnMutation, SendBackReturnMutationVariables>;
export const ReopenReturnDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<ReopenReturnMutation, ReopenReturnMutationVariables>;
export const RequestOriginalFileDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<RequestOriginalFileMutation, RequestOriginalFileMutationVariables>;
export const ReturnDiscrepancyDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<ReturnDiscrepancyQuery, ReturnDiscrepancyQueryVariables>;
export const MeDocument = new TypedDocumentString(`
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
export const WorkListDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<WorkListQuery, WorkListQueryVariables>;
export const RequestTemplateDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<RequestTemplateMutation, RequestTemplateMutationVariables>;
export const SubmitReturnDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<SubmitReturnMutation, SubmitReturnMutationVariables>;
export const FormIndicatorsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<FormIndicatorsQuery, FormIndicatorsQueryVariables>;
export const UploadReturnDocument = new TypedDocumentString(`
    mutation UploadReturn($file: File!, $dryRun: Boolean, $unit: String, $form: String, $period: String) {
  uploadReturn(
    file: $file
    dryRun: $dryRun
    unit: $unit
    form: $form
    period: $period
  ) {
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
    `) as unknown as TypedDocumentString<UploadReturnMutation, UploadReturnMutationVariables>;