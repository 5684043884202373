/**
 * States and union territories by the two-letter code an address outside the district gives (the codes
 * of vehicle registration, as the routing compares a destination's state with the district's: UP).
 */
export const STATE_CODES = [
  'UP', 'AN', 'AP', 'AR', 'AS', 'BR', 'CH', 'CG', 'DD', 'DL', 'GA', 'GJ', 'HR', 'HP', 'JK', 'JH', 'KA', 'KL',
  'LA', 'LD', 'MP', 'MH', 'MN', 'ML', 'MZ', 'NL', 'OD', 'PY', 'PB', 'RJ', 'SK', 'TN', 'TS', 'TR', 'UK', 'WB',
] as const;
