/**
 * Special registers with their own deadlines (RTI: 30 days by law; court cases; VIP/MP references).
 * Any kind of item may be entered in one (the dak clerk does it when diarising); pendency keeps them.
 */
export const REGISTERS = ['rti', 'court', 'vip'] as const;
export type Register = (typeof REGISTERS)[number];
