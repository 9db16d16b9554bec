import { encodeHexLowerCase } from '@oslojs/encoding';
import { newId } from '../../lib/ids.ts';
import { ProblemError, problemType } from '../../lib/problem.ts';
import { formatLimit } from './rules.ts';

// workerd's streaming SHA-256 (crypto.DigestStream); the DOM typings of \`crypto\` do not list it.
const newDigest = () => new (crypto as unknown as { DigestStream: typeof DigestStream }).DigestStream('SHA-256');

/** A file stored in R2, as a version row records it. */
export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
  contentType: string;
  fileName: string;
}

/** Portal-driven multipart uploads use parts of this size (R2: equal parts of at least 5 MiB, except the last). */
export const UPLOAD_PART_BYTES = 16 * 1024 * 1024;

/** A new object key; files never move, versions point at them. */
export const newObjectKey = () => `files/${newId('file')}`;

export const tooLarge = (limit: number) =>
  new ProblemError(413, {
    type: problemType('too-large'),
    detail: `Files are limited to ${formatLimit(limit)}.`,
    limit,
  });

/**
 * Streams `body` (exactly `length` bytes) into R2 under `key`, hashing it on the way: chunk
 * by chunk through a SHA-256 DigestStream, so the worker never holds the whole file. R2 needs
 * a stream of known length, hence the FixedLengthStream (it also fails the upload when the
 * body is shorter or longer than declared).
 */
export async function streamToBucket(
  bucket: R2Bucket,
  key: string,
  body: ReadableStream<Uint8Array>,
  length: number,
  meta: { contentType: string; fileName: string },
): Promise<StoredFile> {
  const digest = newDigest();
  const hashWriter = digest.getWriter();
  const fixed = new FixedLengthStream(length);
  const hashing = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      await hashWriter.write(chunk);
      controller.enqueue(chunk);
    },
    async flush() {
      await hashWriter.close();
    },
  });
  const piped = body.pipeThrough(hashing).pipeTo(fixed.writable);
  try {
    await Promise.all([
      bucket.put(key, fixed.readable, {
        httpMetadata: { contentType: meta.contentType },
        customMetadata: { fileName: meta.fileName },
      }),
      piped,
    ]);
  } catch (err) {
    throw new ProblemError(400, {
      type: problemType('malformed-request'),
      detail: `The upload did not arrive whole (${length} bytes were announced): ${err instanceof Error ? err.message : String(err)}`,
    });
  }
  return { key, size: length, sha256: encodeHexLowerCase(new Uint8Array(await digest.digest)), ...meta };
}

/**
 * A completed multipart upload as a file: reads it back once through the hash (streamed) —
 * its parts arrived in separate requests, so no single request could hash them.
 */
export async function storedUpload(bucket: R2Bucket, key: string, limit: number): Promise<StoredFile> {
  const object = await bucket.get(key);
  if (!object) {
    throw new ProblemError(422, {
      type: problemType('validation'),
      detail: 'No completed upload with that key.',
      errors: [{ field: 'upload', message: 'No completed upload with that key', code: 'unknown_upload' }],
    });
  }
  if (object.size > limit) {
    await object.body.cancel();
    await bucket.delete(key);
    throw tooLarge(limit);
  }
  const digest = newDigest();
  await object.body.pipeTo(digest);
  return {
    key,
    size: object.size,
    sha256: encodeHexLowerCase(new Uint8Array(await digest.digest)),
    contentType: object.httpMetadata?.contentType ?? 'application/octet-stream',
    fileName: object.customMetadata?.fileName ?? 'file',
  };
}
