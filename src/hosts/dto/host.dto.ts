import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { EventRole, HOST_ROLES, HostRole } from '../../access/event-access';
import { ApiTimestamp } from '../../common/openapi/schema';
import { EventOwnerDto } from '../../events/dto/event-response.dto';

export class PutHostDto {
  /** `cohost`: everything the owner may but delete the event and manage hosts; `checker`: the attendee list and check-in. */
  @ApiProperty({ enum: HOST_ROLES, example: 'cohost' })
  @IsIn(HOST_ROLES)
  role!: HostRole;
}

export class HostDto {
  user!: EventOwnerDto;
  @ApiProperty({ enum: ['owner', ...HOST_ROLES], example: 'cohost' })
  role!: EventRole;
  /** When they were added; the event's creation for its owner. */
  @ApiTimestamp()
  addedAt!: string;
}

export class HostListDto {
  /** The owner first, then the hosts in the order added. */
  @ApiProperty({ type: [HostDto], maxItems: 2_147_483_647 })
  items!: HostDto[];
}
