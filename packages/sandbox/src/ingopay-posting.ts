/** INGOPAY §4.1/§8.5: when a payment posts, by rail, in Ingo's calendar (US Eastern time). */
import type { IngoPayAccountType } from './ingopay-request.js';

interface CalendarDay {
  /** UTC midnight of the calendar day, used only for date arithmetic. */
  utc: number;
}

/** Today's calendar date where Ingo is (US Eastern time). */
function easternToday(nowMs: number): CalendarDay {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(new Date(nowMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { utc: Date.UTC(get('year'), get('month') - 1, get('day')) };
}

function addDays(day: CalendarDay, days: number): CalendarDay {
  return { utc: day.utc + days * 86_400_000 };
}

function isWeekend(day: CalendarDay): boolean {
  const weekday = new Date(day.utc).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** `MM/DD/YYYY`. */
function formatDay(day: CalendarDay): string {
  const date = new Date(day.utc);
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(date.getUTCDate()).padStart(2, '0');
  return `${mm}/${dd}/${date.getUTCFullYear()}`;
}

/** The first business day (Monday–Friday; bank holidays are not modelled) on or after `day`. */
function businessDayFrom(day: CalendarDay): CalendarDay {
  let current = day;
  while (isWeekend(current)) current = addDays(current, 1);
  return current;
}

/** INGOPAY §4.1/§8.5: the estimated-posting text and date follow the rail. */
export function estimatedPosting(
  accountType: IngoPayAccountType,
  nowMs: number,
): { estimated_posting_time: string; estimated_posting_date: string } {
  const today = easternToday(nowMs);
  const on = (day: CalendarDay) => ({
    estimated_posting_time: `Payment will post ${formatDay(day)}`,
    estimated_posting_date: formatDay(day),
  });
  switch (accountType) {
    case 'AC':
    case 'BP':
      return on(businessDayFrom(addDays(today, 1)));
    case 'SD':
      return on(businessDayFrom(today));
    case 'CK':
      return {
        estimated_posting_time: 'Payment will post 7-10 Days',
        estimated_posting_date: formatDay(addDays(today, 7)),
      };
    default:
      return {
        estimated_posting_time: 'Payment will post within 5 minutes.',
        estimated_posting_date: formatDay(today),
      };
  }
}
