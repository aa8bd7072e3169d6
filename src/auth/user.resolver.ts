import { IsEmail, Length } from "class-validator";
import { IsGlobalId, rowIdOf } from "../common/node.js";
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../common/context.js";

import { ConnectionArgs, type Connection } from "../common/connection.js";
import { DateTimeScalar } from "../common/scalars.js";
import { restrictedField, restrictedQuery } from "../common/restricted.js";
import { serviceFor } from "../common/service.js";

const PRIVATE_FIELD_READERS = "the user and admins";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password.js";
import { AuthPayload, CreateUserInput, User, UserConnection, UserRole } from "./user.types.js";
import { UserService } from "./user.service.js";

@ArgsType()
class SignInArgs {
  @Field(() => String, { description: "The account's email address." })
  @IsEmail({}, { message: "email must be an email address" })
    email: string;

  @Field(() => String, { description: "The account's password." })
  @Length(1, MAX_PASSWORD_LENGTH)
    password: string;
}

@ArgsType()
class UserIdArgs {
  @Field(() => ID, { description: "The account's id." })
  @IsGlobalId("User")
  userId: string;
}

@ArgsType()
class ChangeRoleArgs extends UserIdArgs {
  @Field(() => UserRole, { description: "The account's new role." })
    role: UserRole;
}

const newPasswordRule = Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, {
  message: `newPassword must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
});

@ArgsType()
class ChangePasswordArgs {
  @Field(() => String, { description: "The password in use now, to confirm it is you." })
  @Length(1, MAX_PASSWORD_LENGTH)
    currentPassword: string;

  @Field(() => String, { description: `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.` })
  @newPasswordRule
  newPassword: string;
}

@ArgsType()
class ResetPasswordArgs extends UserIdArgs {
  @Field(() => String, { description: `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.` })
  @newPasswordRule
  newPassword: string;
}

const users = (context: RequestContext) => serviceFor(context, UserService);

@Resolver(() => User)
export class UserResolver {
  @Mutation(() => AuthPayload, { description: "Exchanges an email and password for an expiring access token." })
  signIn(@Args(() => SignInArgs) { email, password }: SignInArgs, @Ctx() context: RequestContext): Promise<AuthPayload> {
    return users(context).signIn(email, password);
  }

  @Query(() => User, { nullable: true, description: "The signed-in user; null for anonymous readers." })
  me(@Ctx() context: RequestContext): Promise<User | null> {
    return users(context).me();
  }

  @Authorized("ADMIN")
  @Query(() => UserConnection, restrictedQuery("Every account, oldest first.", "admins"))
  users(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<Connection<User>> {
    return users(context).list(args);
  }

  @Authorized("ADMIN")
  @Mutation(() => User)
  createUser(@Arg("input", () => CreateUserInput, { description: "The fields to write (see CreateUserInput)." }) input: CreateUserInput, @Ctx() context: RequestContext): Promise<User> {
    return users(context).create(input);
  }

  @Authorized("ADMIN")
  @Mutation(() => User, { description: "Stops the user's access at once: their tokens stop working and sign-in is refused." })
  revokeUserAccess(@Args(() => UserIdArgs) { userId }: UserIdArgs, @Ctx() context: RequestContext): Promise<User> {
    return users(context).revoke(rowIdOf("User", userId, "userId"));
  }

  @Authorized("ADMIN")
  @Mutation(() => User, { description: "Lets a revoked user sign in again (old tokens stay dead)." })
  restoreUserAccess(@Args(() => UserIdArgs) { userId }: UserIdArgs, @Ctx() context: RequestContext): Promise<User> {
    return users(context).restore(rowIdOf("User", userId, "userId"));
  }

  @Authorized()
  @Mutation(() => AuthPayload, {
    description: "Changes the signed-in user's password; every token issued before stops working, and the answer carries a new one.",
  })
  changePassword(@Args(() => ChangePasswordArgs) args: ChangePasswordArgs, @Ctx() context: RequestContext): Promise<AuthPayload> {
    return users(context).changePassword(args.currentPassword, args.newPassword);
  }

  @Authorized("ADMIN")
  @Mutation(() => User, { description: "Sets a user's password; their tokens stop working at once." })
  resetUserPassword(@Args(() => ResetPasswordArgs) { userId, newPassword }: ResetPasswordArgs, @Ctx() context: RequestContext): Promise<User> {
    return users(context).resetPassword(rowIdOf("User", userId, "userId"), newPassword);
  }

  @Authorized("ADMIN")
  @Mutation(() => User)
  changeUserRole(@Args(() => ChangeRoleArgs) { userId, role }: ChangeRoleArgs, @Ctx() context: RequestContext): Promise<User> {
    return users(context).changeRole(rowIdOf("User", userId, "userId"), role);
  }

  @FieldResolver(() => String, restrictedField("The sign-in email.", PRIVATE_FIELD_READERS))
  email(@Root() user: User, @Ctx() context: RequestContext): string | null {
    return users(context).mayReadPrivate(user) ? user.email : null;
  }

  @FieldResolver(() => DateTimeScalar, restrictedField("When access was revoked; null while it is not.", PRIVATE_FIELD_READERS))
  revokedAt(@Root() user: User, @Ctx() context: RequestContext): Date | null {
    return users(context).mayReadPrivate(user) ? user.revokedAt : null;
  }
}
