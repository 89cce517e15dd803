import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { AuthUser } from './current-user.decorator';
import { jwtKeys } from './jwt-keys';
import { TokenClaims, TokenService } from './token.service';

/** Bearer access tokens: HS256 only, access secret only, then type and session checked. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(ENV) env: Env,
    private readonly tokens: TokenService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: see jwt-keys.ts. passport-jwt hands it to jsonwebtoken as is.
      secretOrKey: jwtKeys(env).access as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: TokenClaims): Promise<AuthUser | false> {
    const authenticated = await this.tokens.authenticateClaims(claims);
    return authenticated?.user ?? false;
  }
}
