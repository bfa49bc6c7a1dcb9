// The numbers of one generated report: tables 2, 3 and 4 and the section 六 fee, drawn from
// skewed distributions (most cells 0, natural persons dominate, a heavy tail of large agencies)
// and built so that every identity of the template holds by construction.
import { OUTCOME_ROWS, T3, TABLE3_ROWS } from '../format/schema.ts';
import type { Agency } from './agencies.ts';
import type { Rng } from './prng.ts';

export interface Table2Values {
  regulations: [number, number, number];
  normative_documents: [number, number, number];
  licensing: number;
  penalties: number;
  enforcement: number;
  fees_10k_yuan: number;
}

export interface Numbers {
  table2: Table2Values;
  /** Decimals printed for the fee (万元), up to 4; the value is exact at that precision. */
  feeDecimals: number;
  table3: number[][];
  table4: number[];
  /** Section 六, in 元; null when the report does not mention it. */
  processing_fee_yuan: number | null;
}

/** Applicant columns (without the total): natural persons dominate. */
const COLUMN_SHARES = [0.86, 0.075, 0.004, 0.008, 0.022, 0.031];

/** Template rows 3–23 (indices 2–22): granted, partly, refused ×8, unable ×3, not handled ×5, other ×3. */
const OUTCOME_SHARES = [
  0.3, 0.11,
  0.004, 0.012, 0.006, 0.02, 0.02, 0.025, 0.01, 0.02,
  0.24, 0.035, 0.02,
  0.04, 0.03, 0.006, 0.008, 0.01,
  0.03, 0.003, 0.05,
];

const clampInt = (x: number, max: number) => Math.max(0, Math.min(max, Math.round(x)));

function table3(rng: Rng, agency: Agency): number[][] {
  const rows = TABLE3_ROWS.length;
  const grid = Array.from({ length: rows }, () => new Array<number>(7).fill(0));
  // Total new applications: zero for many small bodies, log-normal with a heavy tail otherwise.
  const median = agency.kind === 'people_government' ? (agency.region.level === 'county' ? 18 : 60)
    : agency.kind === 'government_office' ? 8 : agency.department?.key === 'natural_resources' || agency.department?.key === 'housing' ? 10 : 4;
  const zero = agency.kind === 'department' ? 0.28 : 0.1;
  const fresh = rng.chance(zero) ? 0 : clampInt(rng.logNormal(median, 1.45), 60_000);
  const shares = rng.jitter(COLUMN_SHARES, 0.5);
  const newByCol = rng.multinomial(fresh, shares);
  // Carried over from last year: often none.
  const carryRate = rng.chance(0.5) ? 0 : rng.next() * 0.15;
  const forwardRate = rng.chance(0.5) ? 0 : rng.next() * 0.12;
  const outcomeShares = rng.jitter(OUTCOME_SHARES, 0.7);
  for (let c = 0; c < 6; c++) {
    const carried = rng.binomial(newByCol[c], carryRate) + (carryRate > 0 && rng.chance(0.05) ? 1 : 0);
    const available = newByCol[c] + carried;
    const forward = rng.binomial(available, forwardRate);
    const outcomes = rng.multinomial(available - forward, outcomeShares);
    grid[T3.NEW][c] = newByCol[c];
    grid[T3.CARRIED_OVER][c] = carried;
    for (let k = 0; k < outcomes.length; k++) grid[T3.FIRST_OUTCOME + k][c] = outcomes[k];
    grid[T3.TOTAL_HANDLED][c] = available - forward;
    grid[T3.CARRIED_FORWARD][c] = forward;
  }
  for (const row of grid) row[6] = row[0] + row[1] + row[2] + row[3] + row[4] + row[5];
  return grid;
}

/** The outcome groups' rows, for renderers that need them. */
export const GROUP_ROWS = OUTCOME_ROWS;

function table4(rng: Rng, applications: number): number[] {
  const out: number[] = [];
  const rate = rng.chance(0.6) ? 0 : rng.next() * 0.08;
  const reconsiderations = rng.poisson(applications * rate);
  const direct = rng.poisson(applications * rate * 0.4);
  const after = rng.poisson(reconsiderations * 0.3);
  for (const total of [reconsiderations, direct, after]) {
    const parts = rng.multinomial(total, rng.jitter([0.55, 0.1, 0.2, 0.15], 0.6));
    out.push(...parts, total);
  }
  return out;
}

function heavy(rng: Rng, zero: number, median: number, sigma: number, max: number): number {
  return rng.chance(zero) ? 0 : clampInt(rng.logNormal(median, sigma), max);
}

function table2(rng: Rng, agency: Agency): { values: Table2Values; feeDecimals: number } {
  const gov = agency.kind !== 'department';
  const makesRules = agency.kind === 'people_government' && agency.region.level !== 'county';
  const regulations: [number, number, number] = makesRules
    ? (() => {
        const issued = rng.poisson(agency.region.level === 'province' ? 5 : 1.5);
        const repealed = rng.poisson(agency.region.level === 'province' ? 2 : 0.5);
        return [issued, repealed, issued + clampInt(rng.logNormal(agency.region.level === 'province' ? 150 : 30, 0.6), 2000)];
      })()
    : [0, 0, 0];
  const issued = rng.chance(gov ? 0.15 : 0.55) ? 0 : rng.poisson(gov ? rng.logNormal(10, 0.8) : rng.logNormal(1.5, 0.8));
  const repealed = rng.chance(0.6) ? 0 : rng.poisson(gov ? 6 : 1.5);
  const inForce = issued === 0 && repealed === 0 && rng.chance(0.4) ? 0 : issued + clampInt(rng.logNormal(gov ? 60 : 8, 0.9), 5000);
  const d = agency.department;
  const lic = d ? d.licensing : agency.kind === 'people_government' ? 0.3 : 0.05;
  const pen = d ? d.penalties : agency.kind === 'people_government' ? 0.2 : 0.02;
  const fee = d ? d.fees : agency.kind === 'people_government' ? 0.3 : 0.02;
  const levelScale = agency.region.level === 'province' ? 4 : agency.region.level === 'prefecture' ? 2 : 1;
  const licensing = lic === 0 ? 0 : heavy(rng, 0.25 / lic > 0.9 ? 0.9 : 0.25 / lic, 150 * lic * levelScale, 1.9, 2_000_000);
  const penalties = pen === 0 ? 0 : heavy(rng, Math.min(0.9, 0.3 / pen), 40 * pen * levelScale, 1.9, 1_000_000);
  const enforcement = pen === 0 ? 0 : heavy(rng, Math.min(0.95, 0.6 / pen), 4 * pen * levelScale, 1.5, 50_000);
  let feeDecimals = 0;
  let fees = 0;
  if (fee > 0 && !rng.chance(Math.min(0.95, 0.5 / fee))) {
    feeDecimals = rng.weighted([[0, 0.25], [1, 0.15], [2, 0.3], [3, 0.1], [4, 0.2]] as const);
    const raw = Math.min(500_000, rng.logNormal(25 * fee * levelScale, 2));
    fees = Number(raw.toFixed(feeDecimals));
    if (fees === 0) feeDecimals = 0;
  }
  return {
    values: { regulations, normative_documents: [issued, repealed, inForce], licensing, penalties, enforcement, fees_10k_yuan: fees },
    feeDecimals,
  };
}

function processingFee(rng: Rng, applications: number): number | null {
  const r = rng.next();
  if (r < 0.1) return null;
  if (r < 0.92 || applications === 0) return 0;
  // A few charge: small amounts in 元, occasionally with jiao/fen.
  const amount = Math.max(1, rng.logNormal(120, 1.1));
  return rng.chance(0.15) ? Number(amount.toFixed(rng.pick([1, 2]))) || 1 : Math.round(amount);
}

export function drawNumbers(rng: Rng, agency: Agency): Numbers {
  const t2 = table2(rng, agency);
  const t3 = table3(rng, agency);
  const applications = t3[T3.NEW][6] + t3[T3.CARRIED_OVER][6];
  return {
    table2: t2.values,
    feeDecimals: t2.feeDecimals,
    table3: t3,
    table4: table4(rng, applications),
    processing_fee_yuan: processingFee(rng, applications),
  };
}

/** Redraw pieces of a report (glued shape: until each glued run splits one way). */
export const redraw = { table2, table3, table4 };

/** The fee as printed in table 2 (万元), with the report's decimals. */
export function formatFee(n: Numbers): string {
  return n.table2.fees_10k_yuan.toFixed(n.feeDecimals);
}

/** The processing fee as printed in section 六. */
export function formatYuan(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, '');
}
