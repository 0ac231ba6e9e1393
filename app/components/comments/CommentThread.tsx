import type { PublicThread } from '../../../server/comments/view';
import { Comment } from './Comment';

/** A comment and, nested under it, its replies. */
export function CommentThread({ thread }: { thread: PublicThread }) {
  return (
    <li className="comment-thread" data-comment-id={thread.comment.id}>
      <Comment comment={thread.comment} />
      {thread.replies.length > 0 && (
        <ol className="comment-replies" data-parent-id={thread.comment.id}>
          {thread.replies.map((reply) => (
            <CommentThread key={reply.comment.id} thread={reply} />
          ))}
        </ol>
      )}
    </li>
  );
}
