// A report's staged CSV lines (staged.ts) written straight into one reused byte buffer: the bytes
// of csvLine([key, kp, JSON raws, rules, positionsJson, ...row]) and of its checks' lines, without
// the strings in between. A report's line holds ~230 raw texts and ~230 positions: built as
// strings (the JSON texts, their quoted copies, the line, then its UTF-8 copy) it was a fifth of
// what a parsing thread allocated per report. Hand-written: the format is staged.ts's own (every
// string quoted with "" inside, null an empty field, numbers as JavaScript writes them), which
// no CSV library writes into a caller's buffer; tests/csv-bytes.test.ts holds it to csvLine.
import type { Position } from '../format/report.ts';
import type { StagedValue } from './staged.ts';

const QUOTE = 0x22;
const COMMA = 0x2c;
/** Strings of this many UTF-16 units and more are encoded by Buffer.write (encode says why). */
const SHORT_NATIVE = 16;

export class CsvBytes {
  private buf = Buffer.allocUnsafe(1 << 16);
  private at = 0;
  /** Fields written in the line being written (a comma goes before every one but the first). */
  private fields = 0;

  /** Starts over (the bytes given out before are overwritten). */
  reset(): void {
    this.at = 0;
    this.fields = 0;
  }

  /** Where the next byte goes: marks where a line starts, for `bytes`. */
  get length(): number {
    return this.at;
  }

  /** The bytes written from `from` on (a view of the buffer, valid until the next write). */
  bytes(from = 0): Uint8Array {
    return this.buf.subarray(from, this.at);
  }

  /** One field, as staged.ts csvField writes it. */
  value(v: StagedValue): void {
    this.separate();
    if (v === null || v === undefined) return;
    if (typeof v === 'string') this.quoted(v);
    else if (typeof v === 'bigint') this.ascii(v.toString());
    else this.number(v);
  }

  /** Ends the line. */
  end(): void {
    this.room(1);
    this.buf[this.at++] = 0x0a;
    this.fields = 0;
  }

  /**
   * The field csvField(JSON.stringify(raws)) writes: the JSON array, quoted, its quotes doubled.
   * A raw text needing no JSON escape (no quote, backslash, control character or surrogate: every
   * cell printed as a number) is written as it is between its doubled quotes.
   */
  raws(raws: readonly (string | null)[]): void {
    this.separate();
    this.room(2);
    this.buf[this.at++] = QUOTE;
    this.buf[this.at++] = 0x5b; // [
    for (let i = 0; i < raws.length; i++) {
      if (i) this.byte(COMMA);
      const raw = raws[i];
      if (raw === null) this.ascii('null');
      else if (plainJson(raw)) {
        this.room(2);
        this.buf[this.at++] = QUOTE;
        this.buf[this.at++] = QUOTE;
        this.utf8(raw);
        this.room(2);
        this.buf[this.at++] = QUOTE;
        this.buf[this.at++] = QUOTE;
      } else this.utf8Doubled(JSON.stringify(raw));
    }
    this.room(2);
    this.buf[this.at++] = 0x5d; // ]
    this.buf[this.at++] = QUOTE;
  }

  /**
   * The field csvField(positionsJson(positions)) writes (work.ts): `[[line,…],[start,…],[end,…]]`,
   * quoted (it holds no quote); `fallback` gives the text where a position is not whole numbers.
   */
  positions(positions: readonly (Position | null)[], fallback: (positions: readonly (Position | null)[]) => string): void {
    this.separate();
    const start = this.at;
    this.byte(QUOTE);
    if (!this.positionsArray(positions)) {
      this.at = start;
      this.quoted(fallback(positions));
      return;
    }
    this.byte(QUOTE);
  }

  /**
   * positionsJson(positions) (work.ts) as one flat string, made from the bytes written here (and
   * written over after): not some 700 pieces joined. Leaves the buffer as it was.
   */
  positionsText(positions: readonly (Position | null)[], fallback: (positions: readonly (Position | null)[]) => string): string {
    const start = this.at;
    const whole = this.positionsArray(positions);
    const text = whole ? this.buf.toString('latin1', start, this.at) : fallback(positions);
    this.at = start;
    return text;
  }

  /**
   * `[[line,…],[start,…],[end,…]]`, null in all three where a slot has no position; false (the
   * bytes then half written) where a position is not whole numbers.
   */
  private positionsArray(positions: readonly (Position | null)[]): boolean {
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i];
      if (p && !(Number.isInteger(p.line) && Number.isInteger(p.start) && Number.isInteger(p.end))) return false;
    }
    this.byte(0x5b);
    this.positionList(positions, 'line');
    this.byte(COMMA);
    this.positionList(positions, 'start');
    this.byte(COMMA);
    this.positionList(positions, 'end');
    this.byte(0x5d);
    return true;
  }

  /** `[n,null,…]`: one part of every slot's position. */
  private positionList(positions: readonly (Position | null)[], part: 'line' | 'start' | 'end'): void {
    this.byte(0x5b);
    for (let i = 0; i < positions.length; i++) {
      // Room for the slot at once: a comma and a number of up to 16 digits (integer() grows it further if need be).
      this.room(24);
      if (i) this.buf[this.at++] = COMMA;
      const p = positions[i];
      if (p) this.integer(p[part]);
      else this.ascii('null');
    }
    this.byte(0x5d);
  }

  private separate(): void {
    if (this.fields++) this.byte(COMMA);
  }

  private byte(b: number): void {
    this.room(1);
    this.buf[this.at++] = b;
  }

  /** Room for `n` more bytes. */
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  /** A string of ASCII characters only (numbers, 'null'). */
  private ascii(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.at++] = s.charCodeAt(i);
  }

  /** A number as `${n}` writes it (csvField: -0 as '-0'). */
  private number(n: number): void {
    if (Object.is(n, -0)) this.ascii('-0');
    else this.integerOr(n);
  }

  /** A whole number as `${n}` writes it (-0 as 0: positionsJson's template). */
  private integer(n: number): void {
    this.integerOr(n === 0 ? 0 : n);
  }

  private integerOr(n: number): void {
    // Digits by hand for the small whole numbers positions and counts are (in 32-bit integer
    // arithmetic); anything else as String writes it.
    if (!(n >= 0 && n < 2147483648 && n === Math.floor(n)) || Object.is(n, -0)) return this.ascii(String(n));
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    this.room(digits);
    let at = this.at + digits;
    this.at = at;
    let rest = n | 0;
    do {
      const next = (rest / 10) | 0;
      this.buf[--at] = 0x30 + rest - next * 10;
      rest = next;
    } while (rest > 0);
  }

  /** `s` as UTF-8 (what Buffer.from(s, 'utf8') gives: a lone surrogate as U+FFFD). */
  private utf8(s: string): void {
    this.encode(s, false);
  }

  /**
   * `s` as UTF-8, each quote doubled if `doubled` (the bytes of s.replaceAll('"', '""')). Short
   * strings (numbers' texts, codes, names) are encoded here, byte by byte: a call into
   * Buffer.write per field cost more than their encoding. From SHORT_NATIVE characters on (the
   * checks' messages and cell lists, the hashes: most of a report's ~2,300 characters of strings)
   * Buffer.write is faster: the strings of 1,000 reports of gen-100000, 21-24 µs a report all by
   * hand against 13.5-14 µs with Buffer.write from 16 characters on (15-17 from 64 on). A surrogate
   * (a character outside the BMP, or a lone one) is left to Buffer.write too.
   */
  private encode(s: string, doubled: boolean): void {
    const n = s.length;
    if (n < SHORT_NATIVE) {
      this.room(n * 3 * (doubled ? 2 : 1));
      const buf = this.buf;
      let at = this.at;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c < 0x80) {
          buf[at++] = c;
          if (c === QUOTE && doubled) buf[at++] = c;
        } else if (c < 0x800) {
          buf[at++] = 0xc0 | (c >> 6);
          buf[at++] = 0x80 | (c & 0x3f);
        } else if (c < 0xd800 || c > 0xdfff) {
          buf[at++] = 0xe0 | (c >> 12);
          buf[at++] = 0x80 | ((c >> 6) & 0x3f);
          buf[at++] = 0x80 | (c & 0x3f);
        } else break;
      }
      if (i === n) {
        this.at = at;
        return;
      }
    }
    const t = doubled && s.includes('"') ? s.replaceAll('"', '""') : s;
    this.room(t.length * 3);
    this.at += this.buf.write(t, this.at, 'utf8');
  }

  /** `s` quoted as csvField quotes a string. */
  private quoted(s: string): void {
    this.byte(QUOTE);
    this.utf8Doubled(s);
    this.byte(QUOTE);
  }

  /** `s` as UTF-8 with every quote doubled (csvField's replaceAll). */
  private utf8Doubled(s: string): void {
    this.encode(s, true);
  }
}

/** True when JSON.stringify(s) is `"${s}"`: no quote, backslash, control character or surrogate. */
function plainJson(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === QUOTE || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}
