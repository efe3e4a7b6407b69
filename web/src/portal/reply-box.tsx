import { useAddTicketComment } from '../tickets/api';
import { CommentBox } from '../ui/comment-box';

/** A requester's reply: always public, read by IT staff of both parties. */
export function ReplyBox({
  slug,
  ticketKey,
  waitingOnMe,
}: {
  slug: string;
  ticketKey: string;
  waitingOnMe: boolean;
}) {
  const add = useAddTicketComment(slug, ticketKey);
  return (
    <CommentBox
      add={add}
      toInput={(body, keyFor) => {
        const payload = { body, visibility: 'public' as const };
        return { ...payload, idem: keyFor(payload) };
      }}
      label="Your reply"
      description={
        waitingOnMe
          ? 'IT is waiting for your answer; replying puts the request back in their hands.'
          : 'IT reads every reply on this request.'
      }
      minRows={3}
      maxRows={12}
      limit={100000}
      failureTitle="Reply not sent"
      submitLabel="Send reply"
    />
  );
}
