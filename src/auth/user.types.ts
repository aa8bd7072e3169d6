import { IsEmail, IsIn, Length, MaxLength } from "class-validator";
import { Node } from "../common/node.js";
import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "../common/connection.js";
import { IsNotBlank } from "../common/text.js";
import { UserRole } from "../db/generated/enums.js";
import { DateTimeScalar } from "../common/scalars.js";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password.js";

registerEnumType(UserRole, {
  name: "UserRole",
  description: "What a user may do. Each role may do everything the roles below it may.",
  valuesConfig: {
    ADMIN: { description: "Manages users and webhooks; everything an editor does." },
    EDITOR: { description: "Reviews, schedules, publishes and edits any article." },
    WRITER: { description: "Drafts and submits their own articles." },
  },
});
export { UserRole };

@ObjectType({ implements: Node, description: "A Greenlight account. Email and revocation are visible to the user and to admins only." })
export class User {
  id: number;

  @Field(() => String)
  name: string;

  @Field(() => UserRole)
  role: UserRole;

  email: string;
  revokedAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}

@ObjectType({ description: "A signed-in session: the bearer token and who it belongs to." })
export class AuthPayload {
  @Field(() => String, { description: "Send as `Authorization: Bearer <token>`." })
  token: string;

  @Field(() => DateTimeScalar)
  expiresAt: Date;

  @Field(() => User)
  user: User;
}

@InputType({ description: "A staff account to create (admins only)." })
export class CreateUserInput {
  @Field(() => String)
  @IsEmail({}, { message: "email must be an email address" })
  @MaxLength(254)
  email: string;

  @Field(() => String)
  @Length(1, 120)
  @IsNotBlank()
  name: string;

  @Field(() => String, { description: `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.` })
  @Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, {
    message: `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
  })
  password: string;

  @Field(() => UserRole)
  @IsIn(Object.values(UserRole))
  role: UserRole;
}

export const UserConnection = connectionType("User", User);
