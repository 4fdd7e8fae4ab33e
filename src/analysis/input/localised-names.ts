/**
 * Month names as `dmesg -T` prints them. util-linux formats the ctime stamp with
 * `strftime("%a %b %e %H:%M:%S %Y")` (dmesg.c, since util-linux 2.20), so the weekday and month
 * come from the reader's locale: `[六 9月 11 12:24:42 2021]` (zh_CN, seed 001), `[Di Aug 12 …]`
 * (de_DE, OOMAnalyser's example), `[dim. janv. 3 …]` (fr_FR). The weekday carries no information
 * the date does not, so only months are looked up; day, time and year are digits in every locale.
 */

/** Abbreviated (glibc `abmon`) and a few full month names, lower-case, trailing dot removed. */
const MONTHS: readonly (readonly string[])[] = [
  // 1 January
  ['jan', 'january', 'janv', 'ene', 'gen', 'sty', 'led', 'tammi', 'oca', 'янв', 'январь', 'января', 'січ', 'ιαν', 'jän', 'jänner'],
  // 2 February
  ['feb', 'february', 'févr', 'fevr', 'fév', 'fev', 'lut', 'úno', 'uno', 'helmi', 'şub', 'sub', 'фев', 'февр', 'февраль', 'февраля', 'лют', 'φεβ', 'febr'],
  // 3 March
  ['mar', 'march', 'mär', 'mars', 'mrt', 'bře', 'maalis', 'март', 'мар', 'марта', 'бер', 'μαρ', 'márc'],
  // 4 April
  ['apr', 'april', 'avr', 'avril', 'abr', 'kwi', 'dub', 'huhti', 'nis', 'апр', 'апрель', 'апреля', 'кві', 'απρ', 'ápr'],
  // 5 May
  ['may', 'mai', 'mei', 'mag', 'maj', 'kvě', 'touko', 'май', 'мая', 'тра', 'μαΐ', 'máj'],
  // 6 June
  ['jun', 'june', 'juin', 'giu', 'cze', 'čvn', 'kesä', 'haz', 'июн', 'июнь', 'июня', 'чер', 'ιουν', 'jún'],
  // 7 July
  ['jul', 'july', 'juil', 'lug', 'lip', 'čvc', 'heinä', 'tem', 'июл', 'июль', 'июля', 'лип', 'ιουλ', 'júl'],
  // 8 August
  ['aug', 'august', 'août', 'aout', 'ago', 'sie', 'srp', 'elo', 'ağu', 'agu', 'авг', 'август', 'августа', 'сер', 'αυγ'],
  // 9 September
  ['sep', 'sept', 'september', 'set', 'wrz', 'zář', 'syys', 'eyl', 'сен', 'сент', 'сентябрь', 'сентября', 'вер', 'σεπ', 'szept'],
  // 10 October
  ['oct', 'october', 'okt', 'ott', 'out', 'paź', 'říj', 'loka', 'eki', 'окт', 'октябрь', 'октября', 'жов', 'οκτ'],
  // 11 November
  ['nov', 'november', 'lis', 'marras', 'kas', 'ноя', 'нояб', 'ноябрь', 'ноября', 'лис', 'νοε'],
  // 12 December
  ['dec', 'december', 'dez', 'déc', 'dic', 'gru', 'pro', 'joulu', 'ara', 'дек', 'декабрь', 'декабря', 'гру', 'δεκ'],
];

const MONTH_BY_NAME: ReadonlyMap<string, number> = new Map(
  MONTHS.flatMap((names, i) => names.map((name) => [name, i + 1] as const)),
);

/** CJK numeric months: `9月` (zh, ja), `9월` (ko), optionally zero-padded. */
const NUMERIC_MONTH = /^(\d{1,2})(?:月|월)?$/;

/** The month number (1–12) of a `%b` token in any of the locales above, else null. */
export function monthNumber(token: string): number | null {
  const numeric = NUMERIC_MONTH.exec(token);
  if (numeric !== null) {
    const n = Number(numeric[1]);
    return n >= 1 && n <= 12 ? n : null;
  }
  const key = token.toLowerCase().replace(/\.$/, '');
  return MONTH_BY_NAME.get(key) ?? null;
}
