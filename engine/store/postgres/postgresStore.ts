import type { Db, Queryable } from '../db.js';
import type { Repositories, Store } from '../ports.js';
import { auditRepository } from './auditRepository.js';
import { caseFileRepository } from './caseFileRepository.js';
import { correspondentRepository } from './correspondentRepository.js';
import { documentAccessRepository } from './documentAccessRepository.js';
import { counterRepository } from './counterRepository.js';
import { departmentRepository } from './departmentRepository.js';
import { documentRepository } from './documentRepository.js';
import { currentMigration } from './migrate.js';
import { processDefinitionRepository } from './processDefinitionRepository.js';
import { registerRepository } from './registerRepository.js';
import { userRepository } from './userRepository.js';

function repositories(db: Queryable): Repositories {
  return {
    departments: departmentRepository(db),
    users: userRepository(db),
    registers: registerRepository(db),
    counters: counterRepository(db),
    documents: documentRepository(db),
    audit: auditRepository(db),
    correspondents: correspondentRepository(db),
    caseFiles: caseFileRepository(db),
    documentAccess: documentAccessRepository(db),
    processDefinitions: processDefinitionRepository(db),
  };
}

/** The PostgreSQL-dialect store over a migrated database, on either driver. */
export function postgresStore(db: Db, onClose: () => Promise<void> = async () => {}): Store {
  return {
    kind: db.kind,
    ...repositories(db),
    transaction: (work) => db.transaction((tx) => work(repositories(tx))),
    migration: () => currentMigration(db),
    async isEmpty() {
      const [row] = await db.query<{ empty: boolean }>(
        'SELECT NOT EXISTS (SELECT 1 FROM departments) AND NOT EXISTS (SELECT 1 FROM users) AS empty',
      );
      return row?.empty ?? true;
    },
    async close() {
      await db.close();
      await onClose();
    },
  };
}
