/* Where a worksheet's record is kept, under its key (data-storage-key):
   DEVICE, localStorage: only once the reader ticks "Save on this device";
   TAB, sessionStorage: while saving is off, so a reload or a slip of the back button
   loses nothing; the browser forgets it when the tab is closed.
   The record: {format, version, worksheet, saved, answers: {id: value}, ratings: {id: [{date, value}]}},
   and on the device `change`: what the last tab to write it did (other tabs say so, sync.js). */
export const FORMAT = 'stepwise-worksheet';
export const VERSION = 1;
export const DEVICE = 'localStorage';
export const TAB = 'sessionStorage';

// Reading window.localStorage itself throws where storage is blocked.
const area = (where) => { try { return window[where]; } catch (e) { return null; } };

/** The stored text, exactly (tabs compare it to know whether another tab wrote since). */
export function raw(where, key) {
  try { return area(where).getItem(key); } catch (e) { return null; }
}

export function parse(text) {
  try {
    const data = JSON.parse(text);
    return data && data.format === FORMAT && !data.leaving ? data : null;
  } catch (e) { return null; }
}

export const load = (where, key) => parse(raw(where, key));

/** The text stored, or '' when the browser refused it (storage full or turned off). */
export function keep(where, key, record) {
  const text = JSON.stringify(record);
  try { area(where).setItem(key, text); return text; } catch (e) { return ''; }
}

export function forget(where, key) {
  try { area(where).removeItem(key); } catch (e) { /* nothing was stored */ }
}

/** Remove the device copy, telling other tabs why (`saving-off` or `cleared`): the removal's
    storage event carries the note as its old value, and nothing stays behind. */
export function leaveDevice(key, why) {
  if (raw(DEVICE, key) === null) return;
  keep(DEVICE, key, { format: FORMAT, version: VERSION, leaving: why });
  forget(DEVICE, key);
}
