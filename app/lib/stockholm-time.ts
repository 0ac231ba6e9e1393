// Officials type dates and times as Swedish local time (datetime-local
// inputs have no zone); the API and the database speak instants.

const ZONE = 'Europe/Stockholm';
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

function wallClock(instant: Date) {
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.formatToParts(instant).find((p) => p.type === type)!.value;
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

function offsetMs(instant: Date) {
  const w = wallClock(instant);
  const asUtc = Date.UTC(Number(w.year), Number(w.month) - 1, Number(w.day), Number(w.hour), Number(w.minute));
  return asUtc - Math.floor(instant.getTime() / 60_000) * 60_000;
}

/** "2027-03-01T09:00" in Stockholm as an ISO instant; "" is null, anything unreadable is passed on for validation to refuse. */
export function stockholmInputToIso(value: string): string | null {
  if (value.trim() === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return value;
  const naive = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let instant = naive - offsetMs(new Date(naive));
  // Near a daylight saving change the first guess can use the other offset.
  instant = naive - offsetMs(new Date(instant));
  return new Date(instant).toISOString();
}

/** An ISO instant as the value of a datetime-local input in Stockholm time. */
export function isoToStockholmInput(iso: string | null | undefined) {
  if (!iso) return '';
  const w = wallClock(new Date(iso));
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}`;
}
