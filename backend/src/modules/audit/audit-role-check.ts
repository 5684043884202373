import type pg from 'pg';

/**
 * What the application's own database role could do to the audit log that it should not: be a
 * superuser, own (or act as the owner of) audit_event — and so switch its triggers off — or change
 * or remove its rows directly. Empty when the role is as least-privileged as the migrations make it.
 */
export async function auditRoleProblems(pool: pg.Pool): Promise<string[]> {
  const {
    rows: [r],
  } = await pool.query(`select current_user as role, r.rolsuper as super,
      pg_has_role(current_user, c.relowner, 'MEMBER') as owner,
      has_table_privilege(current_user, c.oid, 'UPDATE') as upd, has_table_privilege(current_user, c.oid, 'DELETE') as del,
      has_table_privilege(current_user, c.oid, 'TRUNCATE') as trunc
    from pg_roles r, pg_class c where r.rolname = current_user and c.oid = 'public.audit_event'::regclass`);
  if (!r) return [];
  const problems: string[] = [];
  if (r.super) problems.push(`${r.role} is a superuser`);
  if (r.owner) problems.push(`${r.role} owns audit_event (it may switch its triggers off)`);
  const rights = [r.upd && 'UPDATE', r.del && 'DELETE', r.trunc && 'TRUNCATE'].filter(Boolean);
  if (rights.length && !r.super && !r.owner) problems.push(`${r.role} has ${rights.join(', ')} on audit_event`);
  return problems;
}
