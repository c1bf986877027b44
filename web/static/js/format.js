// Showing values the way the scenario's language writes them.
const CURRENCIES = new Set(["EUR", "USD", "JPY", "CNY", "GBP", "BRL", "MAD", "SAR", "CHF"]);
const UNIT_WORDS = {
  fr: { days: "jours", weeks: "semaines", months: "mois", years: "ans", percent: "%", ppm: "ppm", count: "" },
  en: { days: "days", weeks: "weeks", months: "months", years: "years", percent: "%", ppm: "ppm", count: "" },
};

export function formatValue(issue, value, lang) {
  if (value === undefined || value === null) return "—";
  if (!issue || !issue.range) return String(value);
  const locale = lang === "en" ? "en-GB" : "fr-FR";
  if (CURRENCIES.has(issue.unit)) {
    return new Intl.NumberFormat(locale, { style: "currency", currency: issue.unit,
      maximumFractionDigits: Number.isInteger(value) ? 0 : 2 }).format(value);
  }
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  const word = (UNIT_WORDS[lang] || UNIT_WORDS.fr)[issue.unit] ?? issue.unit ?? "";
  return word === "%" ? `${number} %` : `${number} ${word}`.trim();
}

export function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}
