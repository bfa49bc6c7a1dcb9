// What an HTML page's script, style, head and the like hold never becomes report text; the
// tags are found in any case, and a tag that only starts like one (<header>, <scripts>) is kept.
import { describe, expect, it } from 'vitest';
import { htmlToLines } from '../src/format/html.ts';

const texts = (html: string) => htmlToLines(html).lines.map((l) => l.cells.join('|'));

describe('htmlToLines drops what is not content', () => {
  it('drops script, style, head, noscript, svg in any case, and keeps what follows them', () => {
    const html = '<HTML><Head><title>标题</title><STYLE>td{x:1}</STYLE></Head><body>'
      + '<p>甲</p><SCRIPT type="x">var a = "行政许可 5";</SCRIPT><p>乙</p><NoScript>丙</NoScript>'
      + '<svg><text>丁</text></svg><p>戊</p><ScRiPt>unclosed 己';
    expect(texts(html)).toEqual(['甲', '乙', '戊']);
  });
  it('keeps elements whose names only start like a dropped one', () => {
    expect(texts('<body><header>页眉</header><scripts>甲</scripts><p>乙</p></body>')).toEqual(['页眉', '甲', '乙']);
  });
  it('drops an element inside another dropped one, and one after it', () => {
    expect(texts('<head><style>a</style><script>b</script></head><p>甲</p><style>c</style><p>乙</p>')).toEqual(['甲', '乙']);
  });
});
