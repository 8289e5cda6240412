/** Administrative divisions (GB/T 2260) the platform names: Dalian's districts and Liaoning's cities. */
export const DALIAN_DISTRICTS: Record<string, string> = {
  '210202': '中山区',
  '210203': '西岗区',
  '210204': '沙河口区',
  '210211': '甘井子区',
  '210212': '旅顺口区',
  '210213': '金州区',
  '210214': '普兰店区',
  '210224': '长海县',
  '210281': '瓦房店市',
  '210283': '庄河市',
};

export const LIAONING_CITIES: Record<string, string> = {
  '2101': '沈阳市',
  '2102': '大连市',
  '2103': '鞍山市',
  '2104': '抚顺市',
  '2105': '本溪市',
  '2106': '丹东市',
  '2107': '锦州市',
  '2108': '营口市',
  '2109': '阜新市',
  '2110': '辽阳市',
  '2111': '盘锦市',
  '2112': '铁岭市',
  '2113': '朝阳市',
  '2114': '葫芦岛市',
};

/** Name of a six-digit division code: a Dalian district by name, otherwise its city, province or null. */
export function divisionName(code: string): string | null {
  const district = DALIAN_DISTRICTS[code];
  if (district) return `大连市${district}`;
  const city = LIAONING_CITIES[code.slice(0, 4)];
  if (city) return code.endsWith('00') ? city : `${city}（${code}）`;
  if (code === '210000') return '辽宁省';
  if (code === '100000') return '中华人民共和国';
  return null;
}
