from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    """Loads the signed-in user with their province and district: every page shows the area."""

    def get_user(self, user_id):
        try:
            user = self.user_model_queryset().get(pk=user_id)
        except self.user_model_queryset().model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def user_model_queryset(self):
        return get_user_model()._default_manager.select_related("province", "district")
