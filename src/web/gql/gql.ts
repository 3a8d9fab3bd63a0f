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
    "\n  query Completeness($unit: String!, $form: String!, $period: String!) {\n    completeness(unit: $unit, form: $form, period: $period) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on QueryCompletenessSuccess {\n        data {\n          expected\n          received\n          onTime\n          late\n          missing\n          unit {\n            code\n            name\n          }\n          lateUnits {\n            lateDays\n            submittedAt\n            unit {\n              code\n              name\n            }\n          }\n          missingUnits {\n            unit {\n              code\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CompletenessDocument,
    "\n  subscription LiveRollupChanged($unit: String!, $form: String!, $period: String!) {\n    rollupChanged(unit: $unit, form: $form, period: $period) {\n      kind\n      at\n    }\n  }\n": typeof types.LiveRollupChangedDocument,
    "\n  query ReviewList($form: String, $period: String, $status: [String!]) {\n    returns(form: $form, period: $period, status: $status, first: 100) {\n      edges {\n        node {\n          id\n          formCode\n          status\n          submittedAt\n          lateDays\n          currentRevision\n          returnedReason\n          unit {\n            code\n            name\n          }\n          period {\n            id\n            label\n          }\n        }\n      }\n    }\n    forms(first: 50) {\n      edges {\n        node {\n          code\n          title\n        }\n      }\n    }\n  }\n": typeof types.ReviewListDocument,
    "\n  query ReturnDetail($id: Int!) {\n    return(id: $id) {\n      id\n      formCode\n      scope\n      status\n      currentRevision\n      returnedReason\n      lateDays\n      submittedAt\n      approvedAt\n      unit {\n        code\n        name\n      }\n      period {\n        id\n        label\n      }\n      document {\n        symbol\n        title\n      }\n      values {\n        indicator\n        number\n        text\n        place\n      }\n      revisions {\n        number\n        createdAt\n        createdBy\n        fileName\n        values {\n          indicator\n          number\n          text\n        }\n      }\n    }\n  }\n": typeof types.ReturnDetailDocument,
    "\n  query ValueHistory($unit: String!, $form: String!, $period: String!, $indicator: String!, $scope: ReturnScope) {\n    valueHistory(unit: $unit, form: $form, period: $period, indicator: $indicator, scope: $scope) {\n      revision\n      at\n      by\n      fileName\n      number\n      text\n      place\n    }\n  }\n": typeof types.ValueHistoryDocument,
    "\n  mutation ApproveReturn($id: Int!) {\n    approveReturn(id: $id) {\n      __typename\n      ... on MutationApproveReturnSuccess {\n        data {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": typeof types.ApproveReturnDocument,
    "\n  mutation SendBackReturn($id: Int!, $reason: String!) {\n    sendBackReturn(id: $id, reason: $reason) {\n      __typename\n      ... on MutationSendBackReturnSuccess {\n        data {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": typeof types.SendBackReturnDocument,
    "\n  mutation ReopenReturn($id: Int!, $reason: String) {\n    reopenReturn(id: $id, reason: $reason) {\n      __typename\n      ... on MutationReopenReturnSuccess {\n        data {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": typeof types.ReopenReturnDocument,
    "\n  mutation RequestOriginalFile($return: Int!, $revision: Int!) {\n    requestOriginalFile(return: $return, revision: $revision) {\n      __typename\n      ... on MutationRequestOriginalFileSuccess {\n        data {\n          url\n          fileName\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": typeof types.RequestOriginalFileDocument,
    "\n  query Me {\n    me {\n      username\n      displayName\n      grants {\n        role\n        unitCode\n        unitName\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation StartSession($username: String!, $password: String!) {\n    startSession(username: $username, password: $password) {\n      __typename\n      ... on MutationStartSessionSuccess {\n        data {\n          expiresAt\n        }\n      }\n      ... on LoginThrottledError {\n        message\n        retryAfterSeconds\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": typeof types.StartSessionDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(current: $current, next: $next) {\n      __typename\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query WorkList {\n    workList {\n      unitCode\n      unitName\n      formCode\n      formTitle\n      periodId\n      periodLabel\n      deadline\n      daysLeft\n      status\n      document {\n        symbol\n        title\n      }\n      return {\n        id\n        status\n        currentRevision\n        returnedReason\n        lateDays\n      }\n    }\n  }\n": typeof types.WorkListDocument,
    "\n  mutation RequestTemplate($form: String!, $unit: String!, $period: String!, $layout: TemplateLayout!) {\n    requestTemplate(form: $form, unit: $unit, period: $period, layout: $layout) {\n      __typename\n      ... on MutationRequestTemplateSuccess {\n        data {\n          url\n          fileName\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": typeof types.RequestTemplateDocument,
    "\n  mutation SubmitReturn($id: Int!) {\n    submitReturn(id: $id) {\n      __typename\n      ... on MutationSubmitReturnSuccess {\n        data {\n          id\n          status\n          lateDays\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": typeof types.SubmitReturnDocument,
    "\n  query FormIndicators($code: String!) {\n    form(code: $code) {\n      code\n      title\n      indicators {\n        code\n        label\n        unitOfMeasure\n        valueType\n        numerator\n        denominator\n      }\n    }\n  }\n": typeof types.FormIndicatorsDocument,
    "\n  mutation UploadReturn($file: File!, $dryRun: Boolean, $unit: String, $form: String, $period: String) {\n    uploadReturn(file: $file, dryRun: $dryRun, unit: $unit, form: $form, period: $period) {\n      __typename\n      ... on MutationUploadReturnSuccess {\n        data {\n          outcome\n          message\n          fileName\n          formCode\n          periodId\n          layout\n          findings {\n            severity\n            code\n            message\n            place\n          }\n          returns {\n            unitCode\n            unitName\n            returnId\n            revision\n            status\n            document {\n              symbol\n              title\n            }\n            values {\n              indicator\n              number\n              text\n              place\n            }\n            ratios {\n              indicator\n              number\n              place\n            }\n          }\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": typeof types.UploadReturnDocument,
};
const documents: Documents = {
    "\n  query Completeness($unit: String!, $form: String!, $period: String!) {\n    completeness(unit: $unit, form: $form, period: $period) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on QueryCompletenessSuccess {\n        data {\n          expected\n          received\n          onTime\n          late\n          missing\n          unit {\n            code\n            name\n          }\n          lateUnits {\n            lateDays\n            submittedAt\n            unit {\n              code\n              name\n            }\n          }\n          missingUnits {\n            unit {\n              code\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CompletenessDocument,
    "\n  subscription LiveRollupChanged($unit: String!, $form: String!, $period: String!) {\n    rollupChanged(unit: $unit, form: $form, period: $period) {\n      kind\n      at\n    }\n  }\n": types.LiveRollupChangedDocument,
    "\n  query ReviewList($form: String, $period: String, $status: [String!]) {\n    returns(form: $form, period: $period, status: $status, first: 100) {\n      edges {\n        node {\n          id\n          formCode\n          status\n          submittedAt\n          lateDays\n          currentRevision\n          returnedReason\n          unit {\n            code\n            name\n          }\n          period {\n            id\n            label\n          }\n        }\n      }\n    }\n    forms(first: 50) {\n      edges {\n        node {\n          code\n          title\n        }\n      }\n    }\n  }\n": types.ReviewListDocument,
    "\n  query ReturnDetail($id: Int!) {\n    return(id: $id) {\n      id\n      formCode\n      scope\n      status\n      currentRevision\n      returnedReason\n      lateDays\n      submittedAt\n      approvedAt\n      unit {\n        code\n        name\n      }\n      period {\n        id\n        label\n      }\n      document {\n        symbol\n        title\n      }\n      values {\n        indicator\n        number\n        text\n        place\n      }\n      revisions {\n        number\n        createdAt\n        createdBy\n        fileName\n        values {\n          indicator\n          number\n          text\n        }\n      }\n    }\n  }\n": types.ReturnDetailDocument,
    "\n  query ValueHistory($unit: String!, $form: String!, $period: String!, $indicator: String!, $scope: ReturnScope) {\n    valueHistory(unit: $unit, form: $form, period: $period, indicator: $indicator, scope: $scope) {\n      revision\n      at\n      by\n      fileName\n      number\n      text\n      place\n    }\n  }\n": types.ValueHistoryDocument,
    "\n  mutation ApproveReturn($id: Int!) {\n    approveReturn(id: $id) {\n      __typename\n      ... on MutationApproveReturnSuccess {\n        data {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": types.ApproveReturnDocument,
    "\n  mutation SendBackReturn($id: Int!, $reason: String!) {\n    sendBackReturn(id: $id, reason: $reason) {\n      __typename\n      ... on MutationSendBackReturnSuccess {\n        data {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": types.SendBackReturnDocument,
    "\n  mutation ReopenReturn($id: Int!, $reason: String) {\n    reopenReturn(id: $id, reason: $reason) {\n      __typename\n      ... on MutationReopenReturnSuccess {\n        data {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": types.ReopenReturnDocument,
    "\n  mutation RequestOriginalFile($return: Int!, $revision: Int!) {\n    requestOriginalFile(return: $return, revision: $revision) {\n      __typename\n      ... on MutationRequestOriginalFileSuccess {\n        data {\n          url\n          fileName\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": types.RequestOriginalFileDocument,
    "\n  query Me {\n    me {\n      username\n      displayName\n      grants {\n        role\n        unitCode\n        unitName\n      }\n    }\n  }\n": types.MeDocument,
    "\n  mutation StartSession($username: String!, $password: String!) {\n    startSession(username: $username, password: $password) {\n      __typename\n      ... on MutationStartSessionSuccess {\n        data {\n          expiresAt\n        }\n      }\n      ... on LoginThrottledError {\n        message\n        retryAfterSeconds\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": types.StartSessionDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(current: $current, next: $next) {\n      __typename\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  query WorkList {\n    workList {\n      unitCode\n      unitName\n      formCode\n      formTitle\n      periodId\n      periodLabel\n      deadline\n      daysLeft\n      status\n      document {\n        symbol\n        title\n      }\n      return {\n        id\n        status\n        currentRevision\n        returnedReason\n        lateDays\n      }\n    }\n  }\n": types.WorkListDocument,
    "\n  mutation RequestTemplate($form: String!, $unit: String!, $period: String!, $layout: TemplateLayout!) {\n    requestTemplate(form: $form, unit: $unit, period: $period, layout: $layout) {\n      __typename\n      ... on MutationRequestTemplateSuccess {\n        data {\n          url\n          fileName\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": types.RequestTemplateDocument,
    "\n  mutation SubmitReturn($id: Int!) {\n    submitReturn(id: $id) {\n      __typename\n      ... on MutationSubmitReturnSuccess {\n        data {\n          id\n          status\n          lateDays\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": types.SubmitReturnDocument,
    "\n  query FormIndicators($code: String!) {\n    form(code: $code) {\n      code\n      title\n      indicators {\n        code\n        label\n        unitOfMeasure\n        valueType\n        numerator\n        denominator\n      }\n    }\n  }\n": types.FormIndicatorsDocument,
    "\n  mutation UploadReturn($file: File!, $dryRun: Boolean, $unit: String, $form: String, $period: String) {\n    uploadReturn(file: $file, dryRun: $dryRun, unit: $unit, form: $form, period: $period) {\n      __typename\n      ... on MutationUploadReturnSuccess {\n        data {\n          outcome\n          message\n          fileName\n          formCode\n          periodId\n          layout\n          findings {\n            severity\n            code\n            message\n            place\n          }\n          returns {\n            unitCode\n            unitName\n            returnId\n            revision\n            status\n            document {\n              symbol\n              title\n            }\n            values {\n              indicator\n              number\n              text\n              place\n            }\n            ratios {\n              indicator\n              number\n              place\n            }\n          }\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": types.UploadReturnDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Completeness($unit: String!, $form: String!, $period: String!) {\n    completeness(unit: $unit, form: $form, period: $period) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on QueryCompletenessSuccess {\n        data {\n          expected\n          received\n          onTime\n          late\n          missing\n          unit {\n            code\n            name\n          }\n          lateUnits {\n            lateDays\n            submittedAt\n            unit {\n              code\n              name\n            }\n          }\n          missingUnits {\n            unit {\n              code\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').CompletenessDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveRollupChanged($unit: String!, $form: String!, $period: String!) {\n    rollupChanged(unit: $unit, form: $form, period: $period) {\n      kind\n      at\n    }\n  }\n"): typeof import('./graphql').LiveRollupChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReviewList($form: String, $period: String, $status: [String!]) {\n    returns(form: $form, period: $period, status: $status, first: 100) {\n      edges {\n        node {\n          id\n          formCode\n          status\n          submittedAt\n          lateDays\n          currentRevision\n          returnedReason\n          unit {\n            code\n            name\n          }\n          period {\n            id\n            label\n          }\n        }\n      }\n    }\n    forms(first: 50) {\n      edges {\n        node {\n          code\n          title\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ReviewListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReturnDetail($id: Int!) {\n    return(id: $id) {\n      id\n      formCode\n      scope\n      status\n      currentRevision\n      returnedReason\n      lateDays\n      submittedAt\n      approvedAt\n      unit {\n        code\n        name\n      }\n      period {\n        id\n        label\n      }\n      document {\n        symbol\n        title\n      }\n      values {\n        indicator\n        number\n        text\n        place\n      }\n      revisions {\n        number\n        createdAt\n        createdBy\n        fileName\n        values {\n          indicator\n          number\n          text\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ReturnDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ValueHistory($unit: String!, $form: String!, $period: String!, $indicator: String!, $scope: ReturnScope) {\n    valueHistory(unit: $unit, form: $form, period: $period, indicator: $indicator, scope: $scope) {\n      revision\n      at\n      by\n      fileName\n      number\n      text\n      place\n    }\n  }\n"): typeof import('./graphql').ValueHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveReturn($id: Int!) {\n    approveReturn(id: $id) {\n      __typename\n      ... on MutationApproveReturnSuccess {\n        data {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').ApproveReturnDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendBackReturn($id: Int!, $reason: String!) {\n    sendBackReturn(id: $id, reason: $reason) {\n      __typename\n      ... on MutationSendBackReturnSuccess {\n        data {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').SendBackReturnDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReopenReturn($id: Int!, $reason: String) {\n    reopenReturn(id: $id, reason: $reason) {\n      __typename\n      ... on MutationReopenReturnSuccess {\n        data {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').ReopenReturnDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestOriginalFile($return: Int!, $revision: Int!) {\n    requestOriginalFile(return: $return, revision: $revision) {\n      __typename\n      ... on MutationRequestOriginalFileSuccess {\n        data {\n          url\n          fileName\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').RequestOriginalFileDocument;
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkList {\n    workList {\n      unitCode\n      unitName\n      formCode\n      formTitle\n      periodId\n      periodLabel\n      deadline\n      daysLeft\n      status\n      document {\n        symbol\n        title\n      }\n      return {\n        id\n        status\n        currentRevision\n        returnedReason\n        lateDays\n      }\n    }\n  }\n"): typeof import('./graphql').WorkListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestTemplate($form: String!, $unit: String!, $period: String!, $layout: TemplateLayout!) {\n    requestTemplate(form: $form, unit: $unit, period: $period, layout: $layout) {\n      __typename\n      ... on MutationRequestTemplateSuccess {\n        data {\n          url\n          fileName\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').RequestTemplateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitReturn($id: Int!) {\n    submitReturn(id: $id) {\n      __typename\n      ... on MutationSubmitReturnSuccess {\n        data {\n          id\n          status\n          lateDays\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').SubmitReturnDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FormIndicators($code: String!) {\n    form(code: $code) {\n      code\n      title\n      indicators {\n        code\n        label\n        unitOfMeasure\n        valueType\n        numerator\n        denominator\n      }\n    }\n  }\n"): typeof import('./graphql').FormIndicatorsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadReturn($file: File!, $dryRun: Boolean, $unit: String, $form: String, $period: String) {\n    uploadReturn(file: $file, dryRun: $dryRun, unit: $unit, form: $form, period: $period) {\n      __typename\n      ... on MutationUploadReturnSuccess {\n        data {\n          outcome\n          message\n          fileName\n          formCode\n          periodId\n          layout\n          findings {\n            severity\n            code\n            message\n            place\n          }\n          returns {\n            unitCode\n            unitName\n            returnId\n            revision\n            status\n            document {\n              symbol\n              title\n            }\n            values {\n              indicator\n              number\n              text\n              place\n            }\n            ratios {\n              indicator\n              number\n              place\n            }\n          }\n        }\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').UploadReturnDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
