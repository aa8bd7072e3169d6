/** Prisma returns NUMERIC columns as Decimal objects; the API speaks plain floats. */
export function decimalToNumber(value: { toNumber(): number } | null | undefined): number | null {
  return value == null ? null : value.toNumber();
}
