# frozen_string_literal: true

FactoryBot.modify do
  factory :widget_archive do
    trait :verification_succeeded do
      verification_checksum { 'abc' }
      verification_state { ::Widgets::Archive.verification_state_value(:verification_succeeded) }
    end

    trait :verification_failed do
      verification_failure { 'Could not calculate the checksum' }
      verification_state { ::Widgets::Archive.verification_state_value(:verification_failed) }

      # The replicator marks a new record as pending right after it is saved,
      # so the failure has to be applied once the record exists.
      after(:create) do |instance, evaluator|
        instance.verification_failure = evaluator.verification_failure
        instance.verification_failed!
      end
    end

    trait :remote_store do
      file_store { ::Widgets::ArchiveUploader::Store::REMOTE }
    end
  end
end
