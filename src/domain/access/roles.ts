export const ROLES = ['submitter', 'reviewer', 'viewer', 'exporter', 'administrator'] as const
export type Role = (typeof ROLES)[number]

export interface RoleGrant {
  role: Role
  unitId: number
}

export interface Viewer {
  accountId: number
  username: string
  displayName: string
  grants: RoleGrant[]
  sessionId: number | null
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}
