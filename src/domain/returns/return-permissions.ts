// What a user may do with one return, for pages to show only the buttons that will work. The same rules as the
// workflow (return-workflow.ts), read from the same table; the mutations still check everything themselves.
import type { ReturnRow } from '../../db/repositories/return.repository.js'
import { WORKFLOW_FROM } from './return-workflow.js'

export interface ReturnPermissions {
  upload: boolean
  submit: boolean
  approve: boolean
  sendBack: boolean
  reopen: boolean
}

/** The user's roles over the return's unit (each role covers its grant's subtree). */
export interface RolesOverUnit {
  accountId: number | null
  submitter: boolean
  reviewer: boolean
  administrator: boolean
}

export function returnPermissions(ret: Pick<ReturnRow, 'status' | 'current_revision' | 'approved_by'>, roles: RolesOverUnit): ReturnPermissions {
  const from = (action: keyof typeof WORKFLOW_FROM) => WORKFLOW_FROM[action].includes(ret.status)
  const approver = ret.approved_by !== null && ret.approved_by === roles.accountId
  return {
    // an approved return is locked until reopened (RETURN_LOCKED)
    upload: roles.submitter && ret.status !== 'approved',
    submit: roles.submitter && from('submit') && ret.current_revision >= 1,
    approve: roles.reviewer && from('approve'),
    sendBack: roles.reviewer && from('sendBack'),
    // the approver while still a reviewer over the unit, or an administrator over the unit
    reopen: from('reopen') && ((roles.reviewer && approver) || roles.administrator),
  }
}
