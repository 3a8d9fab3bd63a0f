// draft → submitted → approved | returned(reason) → submitted again; approved is locked until reopened.
// Authorization (submitter / reviewer over the unit) is the caller's, except who may reopen an approved return: that
// depends on the row (its approver), so it is decided here, on the locked row. Every step is audited in its transaction.
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import type { DialectName } from '../../db/create-database.js'
import { findAccountById } from '../../db/repositories/account.repository.js'
import { findAssignmentsCovering } from '../../db/repositories/assignment.repository.js'
import { findReturnByIdForUpdate, updateReturn, type ReturnRow } from '../../db/repositories/return.repository.js'
import { findUnitsByIds } from '../../db/repositories/unit.repository.js'
import { assignmentActiveIn, assignmentApplies, assignmentDeadline } from '../assignments/assignment-rules.js'
import { recordAudit } from '../audit/audit-service.js'
import { announceChange, type LiveChangeKind } from '../live/live-change.js'
import { afterReturnCommitted } from '../rollup/rollup-maintenance.js'
import { DomainError } from '../domain-error.js'
import { lateDays } from '../periods/deadline-rule.js'
import { tryParsePeriodId } from '../periods/period-id.js'

export interface WorkflowActor {
  accountId: number | null
  username: string
  clientAddress?: string | null
  /**
   * Holds the administrator role over the return's unit: may reopen a return someone else approved (so a return
   * whose approver has left is not locked for ever). Everyone else may reopen only what they approved themselves.
   */
  administersUnit?: boolean
}

export type WorkflowAction = 'submit' | 'approve' | 'sendBack' | 'reopen'

export const WORKFLOW_FROM: Record<WorkflowAction, readonly string[]> = {
  submit: ['draft', 'returned'],
  approve: ['submitted'],
  sendBack: ['submitted'],
  reopen: ['approved'],
}

const LIVE_KIND: Record<WorkflowAction, LiveChangeKind> = { submit: 'submitted', approve: 'approved', sendBack: 'returned', reopen: 'reopened' }

const STATUS_VI: Record<string, string> = { draft: 'đang soạn', submitted: 'đã gửi', approved: 'đã duyệt', returned: 'bị trả lại' }

/** The deadline of the assignment that binds the unit to the form in the return's period, or null. */
export async function returnDeadline(db: Kysely<Database>, ret: ReturnRow): Promise<string | null> {
  const period = tryParsePeriodId(ret.period_id)
  const unit = (await findUnitsByIds(db, [ret.unit_id]))[0]
  if (!period || !unit) return null
  const deadlines = (await findAssignmentsCovering(db, unit.id, ret.form_code))
    .filter((a) => assignmentApplies(a, unit) && assignmentActiveIn(a, period))
    .map((a) => assignmentDeadline(a, period))
    .sort()
  return deadlines[deadlines.length - 1] ?? null
}

export async function transitionReturn(
  handle: { db: Kysely<Database>; dialect: DialectName },
  returnId: number,
  action: WorkflowAction,
  actor: WorkflowActor,
  options: { reason?: string | null; now?: Date } = {},
): Promise<ReturnRow> {
  const now = options.now ?? new Date()
  const at = now.toISOString()
  const reason = options.reason?.trim() ?? ''
  if (action === 'sendBack' && reason === '') throw new DomainError('RETURN_REASON_REQUIRED', 'Cần ghi lý do trả lại báo cáo để đơn vị biết phải sửa gì.')
  // The deadline is read before the transaction: nothing slow inside it.
  const before = await findReturnByIdForUpdate(handle.db, returnId, false)
  if (!before) throw new DomainError('RETURN_NOT_FOUND', 'Không tìm thấy báo cáo.')
  const deadline = action === 'submit' ? await returnDeadline(handle.db, before) : null
  return handle.db.transaction().execute(async (tx) => {
    const ret = await findReturnByIdForUpdate(tx, returnId, handle.dialect === 'postgres')
    if (!ret) throw new DomainError('RETURN_NOT_FOUND', 'Không tìm thấy báo cáo.')
    if (!WORKFLOW_FROM[action].includes(ret.status)) {
      const code = ret.status === 'approved' ? 'RETURN_LOCKED' : 'RETURN_BAD_STATE'
      throw new DomainError(code, `Không thể thực hiện thao tác này khi báo cáo đang ở trạng thái "${STATUS_VI[ret.status] ?? ret.status}".`)
    }
    if (action === 'reopen' && !actor.administersUnit && (ret.approved_by === null || ret.approved_by !== actor.accountId)) {
      throw new DomainError(
        'RETURN_REOPEN_NOT_APPROVER',
        `Chỉ người đã duyệt báo cáo này (${await approverName(tx, ret.approved_by)}) hoặc quản trị viên của đơn vị mới được mở lại báo cáo đã duyệt. Hãy đề nghị người đó mở lại.`,
      )
    }
    let patch: Partial<ReturnRow>
    let details: Record<string, unknown> = { from: ret.status }
    switch (action) {
      case 'submit': {
        if (ret.current_revision < 1) throw new DomainError('RETURN_EMPTY', 'Báo cáo chưa có số liệu; hãy tải tệp lên trước khi gửi.')
        const late = deadline ? lateDays(deadline, now) : 0
        patch = { status: 'submitted', submitted_at: at, submitted_by: actor.accountId, late_days: late > 0 ? late : 0, returned_reason: null }
        details = { ...details, deadline, lateDays: late, revision: ret.current_revision }
        break
      }
      case 'approve':
        patch = { status: 'approved', approved_at: at, approved_by: actor.accountId }
        details = { ...details, revision: ret.current_revision }
        break
      case 'sendBack':
        patch = { status: 'returned', returned_reason: reason }
        details = { ...details, reason }
        break
      case 'reopen':
        patch = { status: 'draft', approved_at: null, approved_by: null }
        // Who had approved it, and whether an administrator reopened someone else's approval.
        details = { ...details, approvedBy: ret.approved_by, byAdministrator: ret.approved_by === null || ret.approved_by !== actor.accountId }
        if (reason) details = { ...details, reason }
        break
    }
    await updateReturn(tx, ret.id, { ...patch, updated_at: at })
    // Which returns count in a rollup depends on their status; ancestors' figures follow in the same transaction.
    await afterReturnCommitted(tx, ret.id)
    // announced with the commit, whichever process serves the pages watching the unit's ancestors
    await announceChange(tx, { formCode: ret.form_code, periodId: ret.period_id, unitIds: [ret.unit_id], returnId: ret.id, kind: LIVE_KIND[action] })
    const auditAction = { submit: 'return.submitted', approve: 'return.approved', sendBack: 'return.returned', reopen: 'return.reopened' }[action]
    await recordAudit(tx, { action: auditAction, accountId: actor.accountId, username: actor.username, unitId: ret.unit_id, target: `return:${ret.id}`, details, clientAddress: actor.clientAddress ?? null })
    return { ...ret, ...patch, updated_at: at }
  })
}

/** "Ban Thường vụ Đảng ủy phường Phúc Lợi, tài khoản phucloi.duyet": who approved a return, for messages. */
export async function approverName(db: Kysely<Database>, approvedBy: number | null): Promise<string> {
  if (approvedBy === null) return 'hệ thống'
  const account = await findAccountById(db, approvedBy)
  return account ? `${account.display_name}, tài khoản ${account.username}` : `tài khoản số ${approvedBy}`
}
