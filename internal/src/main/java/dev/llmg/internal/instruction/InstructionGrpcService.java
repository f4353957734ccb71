package dev.llmg.internal.instruction;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;

import dev.llmg.api.gateway.v1.CreateInstructionVersionRequest;
import dev.llmg.api.gateway.v1.CreateInstructionVersionResponse;
import dev.llmg.api.gateway.v1.DeleteInstructionLabelRequest;
import dev.llmg.api.gateway.v1.DeleteInstructionLabelResponse;
import dev.llmg.api.gateway.v1.GetInstructionRequest;
import dev.llmg.api.gateway.v1.GetInstructionResponse;
import dev.llmg.api.gateway.v1.GetInstructionVersionRequest;
import dev.llmg.api.gateway.v1.GetInstructionVersionResponse;
import dev.llmg.api.gateway.v1.InstructionServiceGrpc;
import dev.llmg.api.gateway.v1.ListInstructionsRequest;
import dev.llmg.api.gateway.v1.ListInstructionsResponse;
import dev.llmg.api.gateway.v1.RenderInstructionRequest;
import dev.llmg.api.gateway.v1.RenderInstructionResponse;
import dev.llmg.api.gateway.v1.SetInstructionLabelRequest;
import dev.llmg.api.gateway.v1.SetInstructionLabelResponse;
import dev.llmg.internal.auth.Authentication;
import dev.llmg.internal.storage.StorageUnavailableException;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * Serves {@code gatewayapi.v1.InstructionService} (and its REST form under {@code /api/v1/instructions}) for the
 * caller its key names ({@link InstructionScope}).
 *
 * <p>{@link Blocking}: writes go to the database, so Armeria runs every method on its blocking task executor,
 * never on an event loop.
 */
@Blocking
final class InstructionGrpcService extends InstructionServiceGrpc.InstructionServiceImplBase {

    private static final Logger logger = LoggerFactory.getLogger(InstructionGrpcService.class);

    private final InstructionAdministration instructions;

    @Inject
    InstructionGrpcService(InstructionAdministration instructions) {
        this.instructions = requireNonNull(instructions, "instructions");
    }

    @Override
    public void createInstructionVersion(CreateInstructionVersionRequest request,
                                         StreamObserver<CreateInstructionVersionResponse> observer) {
        answer(observer, scope -> instructions.create(request, scope));
    }

    @Override
    public void getInstruction(GetInstructionRequest request, StreamObserver<GetInstructionResponse> observer) {
        answer(observer, scope -> instructions.get(request, scope));
    }

    @Override
    public void listInstructions(ListInstructionsRequest request,
                                 StreamObserver<ListInstructionsResponse> observer) {
        answer(observer, scope -> instructions.list(request, scope));
    }

    @Override
    public void getInstructionVersion(GetInstructionVersionRequest request,
                                      StreamObserver<GetInstructionVersionResponse> observer) {
        answer(observer, scope -> instructions.version(request, scope));
    }

    @Override
    public void setInstructionLabel(SetInstructionLabelRequest request,
                                    StreamObserver<SetInstructionLabelResponse> observer) {
        answer(observer, scope -> instructions.setLabel(request, scope));
    }

    @Override
    public void deleteInstructionLabel(DeleteInstructionLabelRequest request,
                                       StreamObserver<DeleteInstructionLabelResponse> observer) {
        answer(observer, scope -> instructions.deleteLabel(request, scope));
    }

    @Override
    public void renderInstruction(RenderInstructionRequest request,
                                  StreamObserver<RenderInstructionResponse> observer) {
        answer(observer, scope -> instructions.render(request, scope));
    }

    /** Sends what {@code answer} returns, or its failure for the server's error mapping; the database's is 503. */
    private static <T> void answer(StreamObserver<T> observer, Function<InstructionScope, T> answer) {
        final T response;
        try {
            response = answer.apply(new InstructionScope(Authentication.callerOf(ServiceRequestContext.current())));
        } catch (GatewayException | StatusRuntimeException e) {
            observer.onError(e);
            return;
        } catch (StorageUnavailableException e) {
            logger.warn("InstructionService could not reach the database: {}", e.getMessage());
            observer.onError(new GatewayException(ErrorKind.UNAVAILABLE, "storage_unavailable", "",
                                                  "the database is unavailable; try again", e));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
