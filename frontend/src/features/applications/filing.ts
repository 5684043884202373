// The counter's filing form: the walk-in applicant's mobile number as typed (the form itself is the
// applicant's own, public-services/components/ApplicationForm.vue, which also builds the `data`).

/** An Indian mobile number as typed ("98765 43210", "+91-9876543210") reduced to its ten digits when it is one. */
export function mobileDigits(typed: string): string {
  const digits = typed.replace(/[\s-]/g, '').replace(/^(\+91|91|0)(?=\d{10}$)/, '');
  return digits;
}
