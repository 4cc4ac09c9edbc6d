/* Where a worksheet's record is kept, under its key (data-storage-key):
   DEVICE, localStorage: only once the reader ticks "Save on this device";
   TAB, sessionStorage: while saving is off, so a reload or a slip of the back button
   loses nothing; the browser forgets it when the tab is closed.
   The record: {format, version, worksheet, saved, answers: {id: value}, ratings: {id: [{date, value}]}}. */
export const FORMAT = 'stepwise-worksheet';
export const VERSION = 1;
export const DEVICE = 'localStorage';
export const TAB = 'sessionStorage';

// Reading window.localStorage itself throws where storage is blocked.
const area = (where) => { try { return window[where]; } catch (e) { return null; } };

export function load(where, key) {
  try {
    const data = JSON.parse(area(where).getItem(key));
    return data && data.format === FORMAT ? data : null;
  } catch (e) { return null; }
}

/** True when the browser accepted it (storage may be full or turned off). */
export function keep(where, key, record) {
  try { area(where).setItem(key, JSON.stringify(record)); return true; } catch (e) { return false; }
}

export function forget(where, key) {
  try { area(where).removeItem(key); } catch (e) { /* nothing was stored */ }
}
