/** The archive's transfer package as a download, the same from the act's page and from the API. */
import type { Response } from 'express';
import type { TransferPackage } from '../../../engine/archive/transfer.js';
import { contentDisposition } from './contentDisposition.js';

/** Sends the ZIP with its name, its size and its SHA-256 (`X-Content-Sha256`); never cached. */
export function sendTransferPackage(res: Response, pkg: TransferPackage): void {
  res.set({
    'Content-Type': 'application/zip',
    'Content-Length': String(pkg.data.length),
    'Content-Disposition': contentDisposition(pkg.fileName),
    'Cache-Control': 'private, no-store',
    'X-Content-Sha256': pkg.sha256,
  });
  res.end(pkg.data);
}
