// Cursor places in a generated policy: early, middle and late statements, in the elements
// people complete and hover most (actions, condition keys, resources).
import { nthIndexOf } from './generate.mjs';

/** Offsets inside string tokens, by name. `inside` is how far into the token (after the quote). */
export function cursorPlaces(text) {
  const places = [];
  const add = (name, needle, n, inside) => {
    const at = nthIndexOf(text, needle, n);
    if (at >= 0) places.push({ name, offset: at + 1 + inside });
  };
  add('action, first statement', '"s3:Get', 0, 6);
  add('action, middle statement', '"ec2:Describe', Math.floor(countOf(text, '"ec2:Describe') / 2), 8);
  add('action, last statement', '"iam:', -1, 4);
  add('condition key', '"aws:SecureTransport"', -1, 5);
  add('resource', '"arn:aws:s3:::example-bucket', -1, 8);
  return places;
}

function countOf(text, needle) {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

/** Line/character of an offset (the benchmark's own conversion, independent of the server's). */
export function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}
