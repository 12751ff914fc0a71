import { randomUUID } from 'node:crypto';
import { isUuid } from '../ids.js';
import type { Queryable } from '../db.js';
import type {
  AccessReason,
  DocumentAccessGrant,
  DocumentAccessRepository,
  DocumentViewer,
} from '../recordPorts.js';
import { visibleToViewer, visibleToViewerInBulk } from './documentVisibility.js';
import { rethrowConstraint } from './sqlErrors.js';

interface GrantRow {
  document_id: string;
  user_id: string | null;
  department_id: string | null;
  reason: AccessReason;
  granted_by: string | null;
  granted_at: Date;
}

/**
 * The access rule for one document `d` (documentVisibility.ts), with the rule for drafts: a draft
 * (no number yet) is not a registered document, so besides the rule for documents only its author,
 * the people named on it and heads see it. Placeholders $2..$6: see viewerParams.
 */
/**
 * The access rule with drafts, over `documents d`, for a viewer given as SQL expressions (as
 * visibleToViewer; `seesAllDrafts` a boolean). The expressions must not name the aliases the rule
 * uses inside (`a`, `r`, `u`, `vr`).
 */
export function visibleWithDraftsTo(
  user: string,
  department: string,
  seesAll: string,
  actingFor: string | undefined,
  seesAllDrafts: string,
): string {
  const principals = actingFor ? ` OR a.user_id = ANY (${actingFor}::uuid[])` : '';
  return `(${visibleToViewer(user, department, seesAll, actingFor)}
  AND (d.sequence IS NOT NULL OR ${seesAllDrafts}::boolean OR d.created_by = ${user}::uuid
       OR EXISTS (SELECT 1 FROM document_access a
                   WHERE a.document_id = d.id
                     AND (a.user_id = ${user}::uuid${principals}))))`;
}

/** The access rule with drafts, over `documents d`, the viewer in $2..$6 (`viewerParams`). */
export const visibleWithDrafts = visibleWithDraftsTo('$2', '$3', '$4', '$5', '$6');

/** visibleWithDrafts for many documents at once (see visibleToViewerInBulk); same placeholders. */
export const visibleWithDraftsInBulk = `(${visibleToViewerInBulk('$2', '$3', '$4', '$5')}
  AND (d.sequence IS NOT NULL OR $6::boolean OR d.created_by = $2::uuid
       OR d.id IN (SELECT a.document_id FROM document_access a
                    WHERE a.user_id = $2::uuid OR a.user_id = ANY ($5::uuid[]))))`;

export const viewerParams = (viewer: DocumentViewer) => [
  viewer.userId,
  viewer.departmentId,
  viewer.seesAllUnrestricted,
  viewer.actingForIds ?? [],
  viewer.seesAllDrafts ?? false,
];

export function documentAccessRepository(db: Queryable): DocumentAccessRepository {
  return {
    async grant(grant) {
      const target = grant.userId ? 'user_id' : 'department_id';
      try {
        // Granting twice for the same reason is not an error: the first grant stands.
        await db.query(
          `INSERT INTO document_access (id, document_id, user_id, department_id, reason, granted_by)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (document_id, ${target}, reason) WHERE ${target} IS NOT NULL DO NOTHING`,
          [randomUUID(), grant.documentId, grant.userId, grant.departmentId, grant.reason, grant.grantedBy],
        );
      } catch (error) {
        rethrowConstraint(error, `access to document ${grant.documentId}`);
      }
    },
    async grantRouted(documentId, to, grantedBy) {
      if (!isUuid(documentId) || (to.usernames.length === 0 && to.departmentCodes.length === 0)) return;
      try {
        await db.query(
          `WITH document AS (SELECT id FROM documents WHERE id = $1),
           to_users AS (
             INSERT INTO document_access (id, document_id, user_id, department_id, reason, granted_by)
             SELECT gen_random_uuid(), document.id, u.id, NULL, 'routed', $4
               FROM document, users u
              WHERE lower(u.username) = ANY (SELECT lower(name) FROM unnest($2::text[]) AS name)
             ON CONFLICT (document_id, user_id, reason) WHERE user_id IS NOT NULL DO NOTHING
           )
           INSERT INTO document_access (id, document_id, user_id, department_id, reason, granted_by)
           SELECT gen_random_uuid(), document.id, NULL, dep.id, 'routed', $4
             FROM document, departments dep
            WHERE dep.code = ANY ($3::text[])
           ON CONFLICT (document_id, department_id, reason) WHERE department_id IS NOT NULL DO NOTHING`,
          [documentId, [...to.usernames], [...to.departmentCodes], grantedBy],
        );
      } catch (error) {
        rethrowConstraint(error, `access to document ${documentId}`);
      }
    },
    async list(documentId) {
      const rows = await db.query<GrantRow>(
        'SELECT * FROM document_access WHERE document_id = $1 ORDER BY granted_at, id',
        [documentId],
      );
      return rows.map((row): DocumentAccessGrant => ({
        documentId: row.document_id,
        userId: row.user_id,
        departmentId: row.department_id,
        reason: row.reason,
        grantedBy: row.granted_by,
        grantedAt: row.granted_at,
      }));
    },
    async canSee(documentId, viewer) {
      if (!isUuid(documentId)) return false;
      const [row] = await db.query<{ visible: boolean }>(
        `SELECT ${visibleWithDrafts} AS visible FROM documents d WHERE d.id = $1`,
        [documentId, ...viewerParams(viewer)],
      );
      return row?.visible ?? false;
    },
    async hiddenAmong(documentIds, viewer) {
      const ids = [...new Set(documentIds.filter(isUuid).map((id) => id.toLowerCase()))];
      if (ids.length === 0) return [];
      const rows = await db.query<{ id: string }>(
        // IS NOT TRUE, not NOT: the rule is NULL for a document nobody created (created_by NULL) that
        // nothing else opens, and NOT NULL would have let it through as visible.
        `SELECT d.id FROM documents d WHERE d.id = ANY ($1::uuid[]) AND (${visibleWithDrafts}) IS NOT TRUE`,
        [ids, ...viewerParams(viewer)],
      );
      return rows.map((row) => row.id);
    },
    async link(documentId, linkedId) {
      try {
        await db.query(
          'INSERT INTO document_links (document_id, linked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [documentId, linkedId],
        );
      } catch (error) {
        rethrowConstraint(error, `link from document ${documentId}`);
      }
    },
    async links(documentId) {
      const rows = await db.query<{ linked_id: string }>(
        `SELECT linked_id FROM document_links WHERE document_id = $1
         UNION SELECT document_id FROM document_links WHERE linked_id = $1`,
        [documentId],
      );
      return rows.map((row) => row.linked_id);
    },
  };
}
