import type { z } from "zod";

/** What an instance's spec holds: the kind's own fields, and the `name` every declaration has. */
export type Named<Schema extends z.ZodType> = z.output<Schema> & { name: string };

/** A kind's schema, typed as its instances' specs: the config layer adds `name` beside the kind's own fields. */
export const declares = <Schema extends z.ZodType>(schema: Schema) => schema as unknown as z.ZodType<Named<Schema>>;
