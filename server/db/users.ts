// Prepared statements over users and profiles.
import type { Sqlite } from './open.js';

export interface UserRow {
  id: number;
  email: string;
  password_hash: string;
  email_verified: number;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number;
  created_at: number;
}

export interface ProfileRow {
  display_name: string | null;
  bio: string | null;
  locale: string | null;
  timezone: string | null;
  avatar_url: string | null;
  website: string | null;
  updated_at: number | null;
}

export const PROFILE_FIELDS = ['display_name', 'bio', 'locale', 'timezone', 'avatar_url', 'website'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export function usersRepo(db: Sqlite) {
  const byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
  const byId = db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?');
  // The hot read of GET /api/me, answered as its JSON text, built by SQLite: no row, no object,
  // no Date and no JSON.stringify in JavaScript. Concatenated rather than json_object(), which
  // has no booleans (json('true') is parsed on every row): 2.2 us in JavaScript, 1.3-1.5 with
  // json_object, 1.0 this way. The one text from outside, the address, goes through json_quote;
  // strftime's %f writes the milliseconds exactly as toISOString() does (2,000,000 random instants
  // 1970-2100 compared). Its shape: `me` in openapi/document.ts.
  const cardJson = db.prepare<[number], string>(
    `SELECT '{"id":' || id || ',"email":' || json_quote(email)
         || ',"email_verified":' || iif(email_verified, 'true', 'false')
         || ',"twofa_enabled":' || iif(totp_secret IS NULL, 'false', 'true')
         || ',"created_at":"' || strftime('%Y-%m-%dT%H:%M:%fZ', created_at / 1000.0, 'unixepoch') || '"}'
       FROM users WHERE id = ?`,
  ).pluck();
  const insert = db.prepare<[string, string, number]>(
    'INSERT OR IGNORE INTO users (email, password_hash, created_at) VALUES (?, ?, ?)',
  );
  // Only if the stored hash is still the one verified: a password changed meanwhile wins.
  const rehash = db.prepare<[string, number, string]>('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?');
  const disableTotpRow = db.prepare<[number]>(
    'UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL WHERE id = ? AND totp_secret IS NOT NULL',
  );
  const dropCodes = db.prepare<[number]>('DELETE FROM recovery_codes WHERE user_id = ?');
  const addCode = db.prepare<[number, string]>('INSERT OR IGNORE INTO recovery_codes (user_id, code_hash) VALUES (?, ?)');
  const useCode = db.prepare<[number, string]>('DELETE FROM recovery_codes WHERE user_id = ? AND code_hash = ?');
  const countCodes = db.prepare<[number], number>('SELECT count(*) FROM recovery_codes WHERE user_id = ?').pluck();
  const disableTotp = db.transaction((id: number) => {
    dropCodes.run(id);
    return disableTotpRow.run(id).changes === 1;
  });
  const replaceCodes = db.transaction((id: number, hashes: string[]) => {
    dropCodes.run(id);
    for (const h of hashes) addCode.run(id, h);
  });
  const setVerified = db.prepare<[number]>('UPDATE users SET email_verified = 1 WHERE id = ?');
  const setPending = db.prepare<[string, number]>('UPDATE users SET totp_pending_secret = ? WHERE id = ?');
  const enableTotpRow = db.prepare<[number, number]>(
    `UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = ?
     WHERE id = ? AND totp_pending_secret IS NOT NULL`,
  );
  // The second factor and its recovery codes arrive together, or neither does.
  const enableTotp = db.transaction((id: number, step: number, codeHashes: string[]) => {
    if (enableTotpRow.run(step, id).changes !== 1) return false;
    replaceCodes(id, codeHashes);
    return true;
  });
  // Only moves forward: a code whose step is not newer than the last one used is a replay.
  const useTotpStep = db.prepare<[number, number, number]>(
    'UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?',
  );
  const profile = db.prepare<[number], ProfileRow>(
    `SELECT display_name, bio, locale, timezone, avatar_url, website, updated_at
     FROM profiles WHERE user_id = ?`,
  );
  const upsertProfile = db.prepare(
    `INSERT INTO profiles (user_id, display_name, bio, locale, timezone, avatar_url, website, updated_at)
     VALUES (@user_id, @display_name, @bio, @locale, @timezone, @avatar_url, @website, @updated_at)
     ON CONFLICT(user_id) DO UPDATE SET display_name = excluded.display_name, bio = excluded.bio,
       locale = excluded.locale, timezone = excluded.timezone, avatar_url = excluded.avatar_url,
       website = excluded.website, updated_at = excluded.updated_at`,
  );

  return {
    byEmail: (email: string) => byEmail.get(email),
    byId: (id: number) => byId.get(id),
    /** What GET /api/me shows of an account, as JSON text (its shape: `me` in openapi/document.ts). */
    cardJson: (id: number): string | undefined => cardJson.get(id),
    /** Returns the new id, or null when the email is taken. */
    create(email: string, passwordHash: string, now: number): number | null {
      const r = insert.run(email, passwordHash, now);
      return r.changes === 1 ? Number(r.lastInsertRowid) : null;
    },
    markVerified: (id: number) => void setVerified.run(id),
    /** Turns the second factor off and drops its recovery codes. */
    disableTotp: (id: number): boolean => disableTotp(id),
    /** Replaces the password hash made with older parameters by a current one. */
    rehash: (id: number, newHash: string, oldHash: string) => rehash.run(newHash, id, oldHash).changes === 1,
    setPendingTotp: (id: number, secret: string) => void setPending.run(secret, id),
    /** Turns the pending secret on, with these recovery codes (hashed) replacing any earlier ones. */
    enableTotp: (id: number, step: number, codeHashes: string[]): boolean => enableTotp(id, step, codeHashes),
    /** Consumes a recovery code: true once, false for an unknown or spent one. */
    useRecoveryCode: (id: number, codeHash: string) => useCode.run(id, codeHash).changes === 1,
    recoveryCodesLeft: (id: number) => countCodes.get(id) ?? 0,
    /** Records a TOTP step as used; false when it (or a later one) was used already. */
    useTotpStep: (id: number, step: number) => useTotpStep.run(step, id, step).changes === 1,
    profile: (id: number) => profile.get(id),
    saveProfile(id: number, p: Omit<ProfileRow, 'updated_at'>, now: number): void {
      upsertProfile.run({ user_id: id, ...p, updated_at: now });
    },
  };
}
