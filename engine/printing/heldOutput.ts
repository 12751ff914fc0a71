/**
 * A stream in front of an HTTP response that holds the first bytes back: the response is committed
 * (status and headers sent) only once `threshold` bytes are printed or the report is complete. A
 * template that fails on its first rows is then still answered with a clear error instead of a
 * broken download; a failure after the commit aborts the response, so a half PDF never looks whole.
 */
import { finished, Writable } from 'node:stream';

export const HOLD_BYTES = 256 * 1024;

export class HeldOutput extends Writable {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private committed = false;

  constructor(
    private readonly target: Writable,
    /** Sends status and headers; called once, just before the first byte goes out. */
    private readonly commit: () => void,
    private readonly threshold = HOLD_BYTES,
  ) {
    super();
  }

  get hasCommitted(): boolean {
    return this.committed;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.committed) {
      this.pass(chunk, done);
      return;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes < this.threshold) {
      done();
      return;
    }
    this.flushHeld(done);
  }

  override _final(done: (error?: Error | null) => void): void {
    const end = (error?: Error | null): void => {
      if (error) return done(error);
      // Not `end(callback)`: express-session wraps `res.end` and would take the callback for data.
      finished(this.target, (failure) => done(failure ?? null));
      this.target.end();
    };
    if (this.committed) end();
    else this.flushHeld(end);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.held = [];
    if (this.committed && error) this.target.destroy(error);
    done(error);
  }

  private flushHeld(done: (error?: Error | null) => void): void {
    this.committed = true;
    this.commit();
    const chunk = Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    this.pass(chunk, done);
  }

  private pass(chunk: Buffer, done: (error?: Error | null) => void): void {
    if (this.target.write(chunk)) done();
    else this.target.once('drain', () => done());
  }
}
