// The readers of formats that need one (see parseDocument in parse.ts): PDF and Word (.docx).
// Importing this module once enables them; text and HTML need no reader.
import { registerReader } from './parse.ts';
import { looksLikePdf, pdfToLines } from './pdf.ts';
import { docxToLines, looksLikeDocx, looksLikeOldDoc } from './docx.ts';

// pdf.js wants a plain Uint8Array, not Node's Buffer subclass: hand it a copy.
registerReader((bytes) => looksLikePdf(bytes), (bytes) => pdfToLines(new Uint8Array(bytes)));
registerReader((bytes, file) => looksLikeDocx(bytes, file) || looksLikeOldDoc(bytes, file), (bytes) => docxToLines(bytes));
