import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { MAX_DOCUMENT_SIZE } from '../common/protocol';
import { reason } from './files';

/** What reading one input gave: its bytes, or why there are none to lint. */
type ReadOutcome = { readonly bytes: Buffer } | { readonly tooLarge: true } | { readonly error: string };

/** Read at most this much: one byte past the limit tells a file at the limit from a larger one. */
const READ_LIMIT = MAX_DOCUMENT_SIZE + 1;

/** Why a file is not read: only regular files are; a FIFO would block, a device may never end. */
function notRegular(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return stat.isDirectory() ? 'a folder' : 'not a file';
}

/** Reads from `fd` until its end or `limit` bytes, however large the file was or has grown. */
function readAtMost(fd: number, expected: number, limit: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(expected + 1, limit));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= limit) break;
      const larger = Buffer.allocUnsafe(Math.min(length * 2, limit));
      buffer.copy(larger);
      buffer = larger;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

/** A failed close loses nothing of a file only read. */
function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Nothing to do.
  }
}

/** Reads a regular file of at most MAX_DOCUMENT_SIZE bytes; anything else is never opened. `file` names it in messages. */
export function readRegularFile(path: string, file: string): ReadOutcome {
  let fd: number | undefined;
  try {
    const kind = notRegular(statSync(path));
    if (kind) return { error: `cannot read ${file}: not a regular file (${kind})` };
    // Should the file be swapped for a FIFO after the stat, a non-blocking open still returns
    // at once, and the fstat below turns it away.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
    const stat = fstatSync(fd);
    const swapped = notRegular(stat);
    if (swapped) return { error: `cannot read ${file}: not a regular file (${swapped})` };
    if (stat.size > MAX_DOCUMENT_SIZE) return { tooLarge: true };
    const bytes = readAtMost(fd, stat.size, READ_LIMIT);
    return bytes.length > MAX_DOCUMENT_SIZE ? { tooLarge: true } : { bytes };
  } catch (error) {
    // Also a file that vanished between the folder listing and now.
    return { error: `cannot read ${file}: ${reason(error)}` };
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

/** Reads standard input up to MAX_DOCUMENT_SIZE bytes: past that it stops, so an endless stream ends too. */
export async function readStdin(): Promise<ReadOutcome> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      // Leaving the loop destroys the stream: the rest is never read.
      if (length > MAX_DOCUMENT_SIZE) return { tooLarge: true };
    }
  } catch (error) {
    return { error: `cannot read <stdin>: ${reason(error)}` };
  }
  return length === 0 ? { error: 'no input on stdin' } : { bytes: Buffer.concat(chunks, length) };
}

/** UTF-16 without its byte order mark; an odd last byte is not a character. */
function decodeUtf16(body: Buffer, bigEndian: boolean): string {
  const even = body.subarray(0, body.length - (body.length % 2));
  // swap16 works in place: swap a copy, not the caller's bytes.
  const text = (bigEndian ? Buffer.from(even).swap16() : even).toString('utf16le');
  return body.length % 2 === 1 ? `${text}\uFFFD` : text;
}

/**
 * The text of a file: UTF-16 when it starts with a UTF-16 byte order mark (editors on
 * Windows save these), otherwise UTF-8 without its byte order mark. Undefined for a binary
 * file: one with a NUL character (UTF-32 decodes to some).
 */
export function decodeText(bytes: Buffer): string | undefined {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = decodeUtf16(bytes.subarray(2), false);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = decodeUtf16(bytes.subarray(2), true);
  else text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  return text.includes('\0') ? undefined : text;
}
