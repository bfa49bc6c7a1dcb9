// The words around the tables: title, introduction with the statistics period, sections 一, 五
// and 六 (with the fee sentence that must agree with the truth), headings and a signature.
import type { Agency } from './agencies.ts';
import { T3 } from '../format/schema.ts';
import { formatYuan, type Numbers } from './numbers.ts';
import type { Rng } from './prng.ts';

export type TitleForm = 'agency_year_du' | 'agency_year' | 'year_first' | 'spaced' | 'none';

export function titleLine(agency: Agency, year: number, form: TitleForm): string | null {
  switch (form) {
    case 'agency_year_du': return `${agency.name}${year}年度政府信息公开工作年度报告`;
    case 'agency_year': return `${agency.name}${year}年政府信息公开工作年度报告`;
    case 'year_first': return `${year}年${agency.name}政府信息公开工作年度报告`;
    case 'spaced': return `${agency.name} ${year} 年政府信息公开工作年度报告`;
    case 'none': return null;
  }
}

export function periodSentence(rng: Rng, year: number): string {
  return rng.pick([
    `本报告所列数据的统计期限为${year}年1月1日至12月31日。`,
    `本报告中所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。`,
    `报告中所列数据统计期限为${year}年1月1日至${year}年12月31日。`,
    `本年度报告中所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。`,
  ]);
}

export function introduction(rng: Rng, agency: Agency, year: number, period: string | null): string {
  const basis = rng.pick([
    '根据《中华人民共和国政府信息公开条例》(以下简称《条例》)和《中华人民共和国政府信息公开工作年度报告格式》规定编制本报告。',
    '本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号）、《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）等文件要求编制。',
    `依据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求，${agency.name}编制了本报告。`,
  ]);
  const parts = rng.chance(0.5) ? '全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。' : '';
  return basis + parts + (period ?? '') + (rng.chance(0.3) ? `如对本报告有任何疑问，请与${agency.name}联系。` : '');
}

const CHANNELS = ['政府门户网站', '政务新媒体', '政府公报', '新闻发布会', '政务服务大厅', '政务公开专区', '微信公众号'];
const AREAS = ['重大建设项目', '财政预决算', '公共资源配置', '社会公益事业', '乡村振兴', '营商环境', '教育', '医疗卫生', '生态环境', '安全生产', '就业创业', '社会救助'];

function overviewSubsections(rng: Rng, agency: Agency, year: number, n: Numbers, mentionSelf: boolean): string[] {
  const self = mentionSelf ? agency.name : `本${agency.self === '市' || agency.self === '县' || agency.self === '区' ? agency.self : '机关'}`;
  const apps = n.table3[T3.NEW][6];
  const handled = n.table3[T3.TOTAL_HANDLED][6];
  const forward = n.table3[T3.CARRIED_FORWARD][6];
  const items = Math.round(rng.logNormal(400, 1.2));
  const subs = [
    `（一）主动公开情况。${year}年，${self}通过${rng.pick(CHANNELS)}、${rng.pick(CHANNELS)}等渠道主动公开政府信息${items}条，其中${rng.pick(AREAS)}领域信息${Math.round(items * rng.next() * 0.3)}条，发布政策解读${rng.int(0, 60)}篇。聚焦${rng.pick(AREAS)}、${rng.pick(AREAS)}等重点领域，持续加大信息公开力度，及时回应社会关切。`,
    `（二）依申请公开情况。${year}年，${self}${rng.pick(['共收到', '收到', '受理'])}政府信息公开申请${apps}件，${rng.chance(0.5) ? `办结${handled}件，结转下年度继续办理${forward}件` : '均在法定期限内予以答复'}。坚持依法依规办理，加强与申请人沟通，提升答复质量。`,
    `（三）政府信息管理情况。严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则。开展政策文件清理工作，对已公开信息进行动态更新，确保信息准确、完整、规范。`,
    `（四）政府信息公开平台建设情况。${rng.pick(['优化', '升级', '完善'])}${rng.pick(CHANNELS)}栏目设置，规范政务新媒体管理，加强网站日常监测，全年${rng.pick(['整改', '处理'])}各类问题${rng.int(0, 80)}个，保障平台安全平稳运行。`,
    `（五）监督保障情况。${rng.pick(['成立', '调整'])}政务公开工作领导小组，将政务公开纳入年度绩效考核，组织业务培训${rng.int(1, 12)}次，培训${rng.int(10, 400)}人次，进一步提升工作人员业务能力。`,
  ];
  return subs;
}

export function overview(rng: Rng, agency: Agency, year: number, n: Numbers, mentionSelf: boolean): string[] {
  const lead = `${year}年，${mentionSelf ? agency.name : '我单位'}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，严格执行《条例》各项规定，扎实做好政府信息公开工作。`;
  // Many reports keep section 一 short: some subsections only.
  const subs = overviewSubsections(rng, agency, year, n, mentionSelf);
  const keep = rng.weighted([[5, 0.35], [3, 0.35], [2, 0.3]] as const);
  const chosen = keep === 5 ? subs : keep === 3 ? [subs[0], subs[1], subs[4]] : [subs[0], subs[1]];
  return rng.chance(0.5) ? [lead, ...chosen] : chosen;
}

export function problems(rng: Rng, year: number): string[] {
  const issues = rng.pick([
    '一是政策解读形式仍较单一，解读质量有待提高；二是依申请公开办理的规范化水平有待进一步提升；三是政务新媒体管理仍需加强。',
    '主要是主动公开的深度和广度还不够，基层政务公开标准化规范化建设有待深化，工作人员业务能力需进一步提升。',
    '一是部分信息发布不够及时；二是公开内容与群众需求的契合度有待提高；三是工作队伍专业化程度不高。',
  ]);
  const fixes = rng.pick([
    `${year + 1}年，将着力丰富政策解读形式，加强业务培训，完善依申请公开办理机制，推动政务公开工作提质增效。`,
    '下一步，将坚持问题导向，强化统筹协调，加强平台建设和日常监测，切实提升政务公开工作水平。',
    '针对上述问题，将进一步健全工作机制，加大督促检查力度，确保各项公开工作落到实处。',
  ]);
  return [`${year}年，政府信息公开工作取得一定成效，但仍存在一些不足：${issues}`, fixes];
}

/** Section 六: the fee sentence (agreeing with the truth) and other matters. */
export function otherMatters(rng: Rng, agency: Agency, year: number, fee: number | null): string[] {
  const out: string[] = [];
  if (fee === 0) {
    out.push(rng.pick([
      '本年度未收取政府信息处理费。',
      '依据《政府信息公开信息处理费管理办法》规定，本年度未收取政府信息公开信息处理费。',
      `按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）规定的按件、按量收费标准，本年度没有产生信息处理费。`,
      `${year}年，无收取信息处理费情况。`,
      `${agency.name}${year}年未收取政府信息处理费。`,
      '本机关本年度未产生信息处理费。',
    ]));
  } else if (fee !== null) {
    const y = formatYuan(fee);
    out.push(rng.pick([
      `本年度收取信息处理费共计${y}元。`,
      `${year}年，${agency.name}按照《政府信息公开信息处理费管理办法》规定收取信息处理费${y}元。`,
      `依据国办函〔2020〕109号规定，本年度共收取信息处理费${y}元，已全额上缴国库。`,
    ]));
  }
  out.push(rng.pick([
    '本年度无其他需要报告的事项。',
    `本年度已认真落实《${year}年政务公开工作要点》有关要求。`,
    '本机关认真办理人大代表建议和政协委员提案，办理结果按规定予以公开。',
  ]));
  return out;
}

export function signatureDate(rng: Rng, year: number): string {
  return `${year + 1}年${rng.int(1, 3)}月${rng.int(1, 28)}日`;
}

/** Unrelated words injected into a copied page (spam, site widgets). No digits. */
export const INJECTED = ['足彩app哪个是正规的', '澳门葡京官网', '网上真人娱乐', '天天彩票手机版', '分享到微信', '【打印本页】', '【关闭窗口】', '字号：大 中 小'];

export function inject(rng: Rng, sentence: string): string {
  if (!rng.chance(0.35)) return sentence;
  const at = rng.int(0, Math.max(0, sentence.length - 1));
  return sentence.slice(0, at) + rng.pick(INJECTED) + sentence.slice(at);
}
