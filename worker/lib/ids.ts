// Ids are shared vocabulary: db/ builds rows with them too, so the codec lives in db/ids.ts.
export { newId } from '../../db/ids.ts';
