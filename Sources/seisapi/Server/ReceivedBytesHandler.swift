import NIOCore

/// Sent up the pipeline whenever bytes arrive, before they are decoded.
struct RequestBytesReceived: Sendable {}

/// The first handler of an admitted connection: tells ``RequestDeadlineHandler`` (behind the
/// HTTP decoder, which only speaks when a whole head is in) that a client is sending, so the
/// header timeout of a kept-alive connection starts at the first byte of its next request.
final class ReceivedBytesHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(RequestBytesReceived())
        context.fireChannelRead(data)
    }
}
