import { z } from 'zod';

/** An Indian mobile number, written with or without +91 / 0 and spaces; kept as its ten digits. */
export const mobileNumber = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^(\+91|0091|91(?=\d{10}$)|0(?=\d{10}$))/, ''))
  .refine((s) => /^[6-9]\d{9}$/.test(s), { message: 'fields.mobile' });

export const otpRequestIn = z.object({ mobile: mobileNumber, lang: z.enum(['hi', 'en']).optional() }).strict();
export const otpRequestOut = z.object({
  /** The number the code went to, masked (e.g. ******3210). */
  sentTo: z.string(),
  expiresInSeconds: z.number().int(),
});

export const applicantSessionIn = z
  .object({
    mobile: mobileNumber,
    code: z
      .string()
      .trim()
      .refine((s) => /^\d{6}$/.test(s), { message: 'fields.otp' }),
  })
  .strict();

export const applicantOut = z.object({
  id: z.uuid(),
  /** Masked but for the last four digits. */
  mobile: z.string(),
  name: z.string().nullable(),
  locale: z.enum(['hi', 'en']),
});
export type ApplicantOut = z.infer<typeof applicantOut>;
