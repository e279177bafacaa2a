# frozen_string_literal: true

require 'spec_helper'

RSpec.describe GeoNodeStatus, :geo do
  include ::EE::GeoHelpers
  using RSpec::Parameterized::TableSyntax

  let!(:primary) { create(:geo_node, :primary) }
  let!(:secondary) { create(:geo_node) }

  let_it_be(:group)     { create(:group) }
  let_it_be(:project_1) { create(:project, group: group) }
  let_it_be(:project_2) { create(:project, group: group) }

  subject(:status) { described_class.current_node_status }

  before do
    stub_current_geo_node(secondary)
  end

  describe '#healthy?' do
    context 'when health is blank' do
      it 'returns true' do
        subject.status_message = ''

        expect(subject.healthy?).to be true
      end
    end

    context 'when health is present' do
      it 'returns false' do
        subject.status_message = 'something went wrong'

        expect(subject.healthy?).to be false
      end
    end
  end

  describe '#projects_count' do
    it 'counts the number of projects on a primary node' do
      stub_current_geo_node(primary)

      expect(subject.projects_count).to eq 2
    end
  end

  context 'Replicator stats' do
    where(:replicator, :model_factory, :registry_factory) do
      Geo::MergeRequestDiffReplicator    | :external_merge_request_diff | :geo_merge_request_diff_registry
      Geo::PackageFileReplicator         | :package_file                | :geo_package_file_registry
      Geo::SnippetRepositoryReplicator   | :snippet_repository          | :geo_snippet_repository_registry
      Geo::GroupWikiRepositoryReplicator | :group_wiki_repository       | :geo_group_wiki_repository_registry
      Geo::GadgetRepositoryReplicator    | :gadget_repository           | :geo_gadget_repository_registry
    end

    with_them do
      let(:replicable_name) { replicator.replicable_name_plural }

      context 'replication' do
        let(:registry_count_method) { "#{replicable_name}_registry_count" }
        let(:failed_count_method) { "#{replicable_name}_failed_count" }
        let(:synced_count_method) { "#{replicable_name}_synced_count" }
        let(:synced_in_percentage_method) { "#{replicable_name}_synced_in_percentage" }

        describe '#<replicable_name>_[registry|synced|failed]_count' do
          context 'when package registries available' do
            before do
              create(registry_factory, :failed)
              create(registry_factory, :failed)
              create(registry_factory, :synced)
            end

            it 'returns the right number of repos in registry' do
              expect(subject.send(registry_count_method)).to eq(3)
            end

            it 'returns the right number of failed and synced repos' do
              expect(subject.send(failed_count_method)).to eq(2)
              expect(subject.send(synced_count_method)).to eq(1)
            end

            it 'returns the percent of synced replicables' do
              expect(subject.send(synced_in_percentage_method)).to be_within(0.01).of(33.33)
            end
          end

          context 'when no package registries available' do
            it 'returns 0' do
              expect(subject.send(registry_count_method)).to eq(0)
              expect(subject.send(failed_count_method)).to eq(0)
              expect(subject.send(synced_count_method)).to eq(0)
            end
          end
        end
      end

      context 'verification' do
        context 'on the primary' do
          let(:checksummed_count_method) { "#{replicable_name}_checksummed_count" }
          let(:checksum_failed_count_method) { "#{replicable_name}_checksum_failed_count" }

          before do
            stub_current_geo_node(primary)
          end

          context 'when verification is enabled' do
            before do
              skip "#{replicator.model} does not include the VerificationState concern yet" unless replicator.model.respond_to?(:verification_state)

              allow(replicator).to receive(:verification_enabled?).and_return(true)
            end

            context 'when there are replicables' do
              before do
                create(model_factory, :verification_succeeded)
                create(model_factory, :verification_succeeded)
                create(model_factory, :verification_failed)
              end

              describe '#<replicable_name>_checksummed_count' do
                it 'returns the right number of checksummed replicables' do
                  expect(subject.send(checksummed_count_method)).to eq(2)
                end
              end

              describe '#<replicable_name>_checksum_failed_count' do
                it 'returns the right number of failed replicables' do
                  expect(subject.send(checksum_failed_count_method)).to eq(1)
                end
              end
            end
          end

          context 'when verification is disabled' do
            before do
              allow(replicator).to receive(:verification_enabled?).and_return(false)
            end

            describe '#<replicable_name>_checksummed_count' do
              it 'returns nil' do
                expect(subject.send(checksummed_count_method)).to be_nil
              end
            end
          end
        end
      end
    end
  end

  describe '#[]' do
    it 'raises an error for invalid attributes' do
      expect { subject[:testme] }.to raise_error(NoMethodError)
    end
  end
end
