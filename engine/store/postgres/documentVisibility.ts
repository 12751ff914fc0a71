/**
 * The document access rule as one SQL condition, so that lists and searches check access in bulk.
 * `d` is the documents row; the three placeholders are the viewer's user id, department id and
 * whether the viewer's roles see every unrestricted document; the optional fourth is a uuid[] of the
 * people a deputy stands in for (what is routed or granted to them by name, the deputy sees too).
 *
 * - Restricted: only its registrar and the people named on it (readers, routed to, granted).
 * - Otherwise also: the roles that see every register, the departments it is routed or granted
 *   to, the department that owns its register, and the head of a department (`dept_head`) whose
 *   people it is routed or granted to by name: she hands their work on and accepts it.
 */
export function visibleToViewer(
  user: string,
  department: string,
  seesAll: string,
  actingFor?: string,
): string {
  const principals = actingFor
    ? `OR EXISTS (SELECT 1 FROM document_access a
                   WHERE a.document_id = d.id AND a.user_id = ANY (${actingFor}::uuid[]))`
    : '';
  return `(
    d.created_by = ${user}::uuid
    OR EXISTS (SELECT 1 FROM document_access a WHERE a.document_id = d.id AND a.user_id = ${user}::uuid)
    ${principals}
    OR (d.confidentiality <> 'restricted' AND (
      ${seesAll}::boolean
      OR EXISTS (SELECT 1 FROM document_access a
                  WHERE a.document_id = d.id AND a.department_id = ${department}::uuid)
      OR EXISTS (SELECT 1 FROM registers r WHERE r.id = d.register_id AND r.department_id = ${department}::uuid)
      OR (EXISTS (SELECT 1 FROM user_roles vr WHERE vr.user_id = ${user}::uuid AND vr.role = 'dept_head')
          AND EXISTS (SELECT 1 FROM document_access a JOIN users u ON u.id = a.user_id
                       WHERE a.document_id = d.id AND u.department_id = ${department}::uuid))
    ))
  )`;
}

/**
 * The same rule for checking many documents at once (a list of a person's tasks): each part is a
 * set computed once for the viewer — the documents granted to them, to their department, … — that
 * every row is looked up in, instead of an index probe per row and part. For one document the
 * per-row form above is cheaper; both must say the same for every document (documentVisibility's
 * contract test runs both).
 */
export function visibleToViewerInBulk(
  user: string,
  department: string,
  seesAll: string,
  actingFor?: string,
): string {
  const principals = actingFor
    ? `OR d.id IN (SELECT a.document_id FROM document_access a WHERE a.user_id = ANY (${actingFor}::uuid[]))`
    : '';
  return `(
    d.created_by = ${user}::uuid
    OR d.id IN (SELECT a.document_id FROM document_access a WHERE a.user_id = ${user}::uuid)
    ${principals}
    OR (d.confidentiality <> 'restricted' AND (
      ${seesAll}::boolean
      OR d.id IN (SELECT a.document_id FROM document_access a WHERE a.department_id = ${department}::uuid)
      OR d.register_id IN (SELECT r.id FROM registers r WHERE r.department_id = ${department}::uuid)
      OR (EXISTS (SELECT 1 FROM user_roles vr WHERE vr.user_id = ${user}::uuid AND vr.role = 'dept_head')
          AND d.id IN (SELECT a.document_id FROM document_access a JOIN users u ON u.id = a.user_id
                        WHERE u.department_id = ${department}::uuid))
    ))
  )`;
}
