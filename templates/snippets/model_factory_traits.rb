trait :verification_succeeded do
{%- if f.factory_with_repository %}
  with_repository
{%- endif %}
  verification_checksum { 'abc' }
  verification_state { ::{{ n.model_class }}.verification_state_value(:verification_succeeded) }
end

trait :verification_failed do
{%- if f.factory_with_repository %}
  with_repository
{%- endif %}
  verification_failure { 'Could not calculate the checksum' }
  verification_state { ::{{ n.model_class }}.verification_state_value(:verification_failed) }
{%- if !repo %}

  # The replicator marks a new record as pending right after it is saved,
  # so the failure has to be applied once the record exists.
  after(:create) do |instance, evaluator|
    instance.verification_failure = evaluator.verification_failure
    instance.verification_failed!
  end
{%- endif %}
end
{%- if !repo %}
{%- if let Some(u) = f.uploader %}

trait :remote_store do
  file_store { ::{{ u }}::Store::REMOTE }
end
{%- endif %}
{%- endif %}
