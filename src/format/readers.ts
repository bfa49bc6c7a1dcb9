// The readers of formats that need one (see parseDocument in parse.ts): PDF and Word (.docx).
// Importing this module once enables them; text and HTML need no reader.
import { registerReader } from './parse.ts';
import { looksLikePdf, pdfToLines } from './pdf.ts';
import { docxToLines, looksLikeDocx, looksLikeOldDoc } from './docx.ts';

registerReader((bytes) => looksLikePdf(bytes), (bytes) => pdfToLines(bytes));
registerReader((bytes, file) => looksLikeDocx(bytes, file) || looksLikeOldDoc(bytes, file), (bytes) => docxToLines(bytes));
